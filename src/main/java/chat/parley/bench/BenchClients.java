package chat.parley.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** MQTT 5 clients of the load generator (HiveMQ MQTT client, clean start, a username per client). */
final class BenchClients {

    private BenchClients() {
    }

    /** Connects a client; the future completes once CONNACK arrived. */
    static CompletableFuture<Mqtt5AsyncClient> connect(BenchTarget target, String clientId, String user) {
        return connect(target.host(), target.port(), clientId, user, null);
    }

    /** The same with a password (a claimed name's secret or session token), or none when {@code null}. */
    static CompletableFuture<Mqtt5AsyncClient> connect(String host, int port, String clientId, String user,
                                                       String password) {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(host).serverPort(port).buildAsync();
        var auth = client.connectWith().cleanStart(true).keepAlive(600).simpleAuth().username(user);
        return (password == null ? auth : auth.password(password.getBytes(StandardCharsets.UTF_8))).applySimpleAuth()
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
