package chat.parley.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** MQTT 5 clients of the load generator (HiveMQ MQTT client, clean start, a username per client). */
final class BenchClients {

    private BenchClients() {
    }

    /** Connects a client; the future completes once CONNACK arrived. */
    static CompletableFuture<Mqtt5AsyncClient> connect(BenchTarget target, String clientId, String user) {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(target.host()).serverPort(target.port()).buildAsync();
        return client.connectWith().cleanStart(true).keepAlive(600).simpleAuth().username(user).applySimpleAuth()
                .send().thenApply(ack -> client);
    }

    /** Disconnects them all, ignoring failures (the broker may already have dropped some). */
    static void disconnectAll(List<Mqtt5AsyncClient> clients) {
        CompletableFuture.allOf(clients.stream()
                .map(c -> c.disconnect().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** A short random id for this run, so client ids and message ids never collide with an earlier run. */
    static String runId() {
        return Long.toString(System.nanoTime() & 0xffffffL, 36);
    }
}
