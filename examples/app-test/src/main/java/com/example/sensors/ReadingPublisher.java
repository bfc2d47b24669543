package com.example.sensors;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The application's code under test: publishes sensor readings to {@code sensors/{room}} over MQTT. */
public final class ReadingPublisher implements AutoCloseable {

    private final Mqtt5BlockingClient client;

    private ReadingPublisher(Mqtt5BlockingClient client) {
        this.client = client;
    }

    /** Over MQTT's TCP transport. */
    public static ReadingPublisher overTcp(String host, int port) {
        return connect(builder(host, port));
    }

    /** Over MQTT over WebSocket, path {@code /mqtt}. */
    public static ReadingPublisher overWebSocket(String host, int port) {
        return connect(builder(host, port).webSocketConfig().serverPath("mqtt").applyWebSocketConfig());
    }

    private static Mqtt5ClientBuilder builder(String host, int port) {
        return MqttClient.builder().useMqttVersion5().identifier("sensor-" + UUID.randomUUID())
                .serverHost(host).serverPort(port);
    }

    private static ReadingPublisher connect(Mqtt5ClientBuilder builder) {
        Mqtt5BlockingClient client = builder.buildBlocking();
        try {
            client.toAsync().connect().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to the MQTT broker", e);
        }
        return new ReadingPublisher(client);
    }

    public void publish(String room, double celsius) {
        client.publishWith().topic("sensors/" + room).qos(MqttQos.AT_LEAST_ONCE)
                .payload(String.format(Locale.ROOT, "%.1f", celsius).getBytes(StandardCharsets.UTF_8)).send();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
