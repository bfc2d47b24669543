package chat.parley.broker;

import chat.parley.chat.Topics;
import chat.parley.e2e.RoomMeta;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;

import java.nio.ByteBuffer;

/**
 * Publishes a room's meta, retained, QoS 1, on {@code {prefix}/rooms/{room}/meta}: only the server publishes there.
 * The broker keeps retained messages in memory, so every meta is published again at each start.
 */
public final class RoomMetaPublisher {

    private final Topics topics;
    private final ObjectMapper json;

    public RoomMetaPublisher(Topics topics, ObjectMapper json) {
        this.topics = topics;
        this.json = json;
    }

    /** Publishes one room's meta; call only while the broker runs. */
    public void publish(RoomMeta meta) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(meta.toJson(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode room meta", e);
        }
        Services.publishService().publish(Builders.publish()
                .topic(topics.roomMeta(meta.room()))
                .qos(Qos.AT_LEAST_ONCE)
                .retain(true)
                .contentType("application/json")
                .payloadFormatIndicator(PayloadFormatIndicator.UTF_8)
                .payload(ByteBuffer.wrap(payload))
                .build());
    }
}
