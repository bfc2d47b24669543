package com.example.sensors;

import chat.parley.testing.RunningParley;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A test subscriber on the Parley broker: what arrives on {@code sensors/#}. */
final class Readings implements AutoCloseable {

    private final Mqtt5BlockingClient client;
    private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

    Readings(RunningParley parley) throws Exception {
        client = MqttClient.builder().useMqttVersion5().identifier("test-subscriber-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(parley.mqttPort()).buildBlocking();
        client.toAsync().connect().get(10, TimeUnit.SECONDS);
        publishes = client.publishes(MqttGlobalPublishFilter.ALL);
        client.subscribeWith().topicFilter("sensors/#").send();
    }

    /** The next reading as {@code topic=payload}, within 10 s. */
    String next() throws InterruptedException {
        Mqtt5Publish publish = publishes.receive(10, TimeUnit.SECONDS)
                .orElseThrow(() -> new AssertionError("no reading within 10 s"));
        return publish.getTopic() + "=" + new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        publishes.close();
        client.disconnect();
    }
}
