package chat.parley;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Real MQTT clients (HiveMQ MQTT client) connected to a test server, with an inbox of what they receive. */
public final class Mqtt {

    private Mqtt() {
    }

    /** An MQTT 5 client over TCP, connected with the given username (or none when {@code null}). */
    public static Mqtt5AsyncClient v5(int port, String username) {
        return connect(MqttClient.builder().useMqttVersion5().identifier(randomId("t5-"))
                .serverHost("127.0.0.1").serverPort(port).buildAsync(), username);
    }

    /** An MQTT 5 client over WebSocket at {@code /mqtt}. */
    public static Mqtt5AsyncClient v5WebSocket(int wsPort, String username) {
        return connect(MqttClient.builder().useMqttVersion5().identifier(randomId("tws-"))
                .serverHost("127.0.0.1").serverPort(wsPort)
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildAsync(), username);
    }

    private static Mqtt5AsyncClient connect(Mqtt5AsyncClient client, String username) {
        var connect = client.connectWith();
        if (username != null) {
            connect.simpleAuth().username(username).applySimpleAuth();
        }
        join(connect.send());
        return client;
    }

    private static String randomId(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An MQTT 3.1.1 client over TCP. */
    public static Mqtt3AsyncClient v3(int port, String username) {
        var client = MqttClient.builder().useMqttVersion3()
                .identifier(randomId("t3-"))
                .serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
        var connect = client.connectWith();
        if (username != null) {
            connect.simpleAuth().username(username).applySimpleAuth();
        }
        join(connect.send());
        return client;
    }

    /** Subscribes at QoS 1 and collects every message received on the filter. */
    public static List<Mqtt5Publish> subscribe(Mqtt5AsyncClient client, String filter) {
        List<Mqtt5Publish> inbox = new CopyOnWriteArrayList<>();
        join(client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(inbox::add).send());
        return inbox;
    }

    public static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    public static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS); // generous: a loaded 2-core CI machine
        } catch (Exception e) {
            throw new AssertionError("MQTT operation failed: " + e, e);
        }
    }
}
