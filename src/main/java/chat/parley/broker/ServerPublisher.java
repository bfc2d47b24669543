package chat.parley.broker;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;

import java.nio.ByteBuffer;

/**
 * Where what the server itself writes goes to the room's subscribers (system messages, posts over HTTP once stored,
 * room meta, user events): straight into the broker it runs in ({@link #IN_BROKER}), or, on a web node, over its MQTT
 * connection to the external broker ({@link chat.parley.node.NodeLink}). Every publish is QoS 1 JSON.
 */
@FunctionalInterface
public interface ServerPublisher {

    /** HiveMQ's {@code PublishService}: only while the broker this code runs in is up. */
    ServerPublisher IN_BROKER = (topic, payload, retain) -> Services.publishService().publish(Builders.publish()
            .topic(topic)
            .qos(Qos.AT_LEAST_ONCE)
            .retain(retain)
            .contentType("application/json")
            .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
            .payload(ByteBuffer.wrap(payload))
            .build());

    /**
     * Hands a publish to the broker. Returns at once; a failure after that is the publisher's to log (what it carries
     * is stored already, and clients catch up by {@code seq}).
     *
     * @param retain whether the broker keeps it for later subscribers (room meta)
     */
    void publish(String topic, byte[] payload, boolean retain);
}
