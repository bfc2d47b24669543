package chat.parley.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The application's own MQTT client (hivemq-mqtt-client 1.3.7 on Netty 4.1.122) talking to a test server. */
final class Mqtt {

    private Mqtt() {
    }

    static Mqtt5BlockingClient connect(RunningParley parley) {
        return connected(builder().serverPort(parley.mqttPort()).buildBlocking());
    }

    static Mqtt5BlockingClient connectOverWebSocket(RunningParley parley) {
        Mqtt5BlockingClient client = builder().serverPort(parley.wsPort())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        return connected(client);
    }

    /** Connects within 10 s (the blocking client alone would wait forever). */
    private static Mqtt5BlockingClient connected(Mqtt5BlockingClient client) {
        try {
            client.toAsync().connect().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no MQTT connection within 10 s", e);
        }
        return client;
    }

    private static com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder builder() {
        return MqttClient.builder().useMqttVersion5().identifier("app-" + UUID.randomUUID())
                .serverHost("127.0.0.1");
    }

    /** Subscribes {@code subscriber}, publishes with {@code publisher}, and returns what arrives within 10 s. */
    static Optional<String> roundTrip(Mqtt5BlockingClient subscriber, Mqtt5BlockingClient publisher, String topic,
                                      String text) throws InterruptedException {
        try (var publishes = subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(text.getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> received = publishes.receive(10, TimeUnit.SECONDS);
            return received.map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        }
    }
}
