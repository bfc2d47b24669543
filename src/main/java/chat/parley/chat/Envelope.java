package chat.parley.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chat message as stored and delivered (envelope version 1). {@code from}, {@code client}, {@code ts} and
 * {@code seq} are stamped by the server; whatever a client wrote there is overwritten.
 *
 * @param v       envelope version, always 1
 * @param id      the client's idempotency key, or a server-assigned id
 * @param room    room id ({@code dm:a:b} for direct messages)
 * @param seq     per-room sequence number assigned by the history store, {@code null} before it is stored
 * @param from    the authenticated user who sent it
 * @param client  the MQTT client id it came from
 * @param ts      server time of receipt, milliseconds since the epoch
 * @param type    {@code text}, {@code file}, {@code e2e} or {@code system}
 * @param text    the message text ({@code null} for e2e)
 * @param replyTo the id of the message this replies to, or {@code null}
 * @param file    for type {@code file}: {@code {url,name,size,mime}}
 * @param e2e     for type {@code e2e}: the sealed message, opaque to the server
 * @param deletes for type {@code system}: the seq of a message an admin removed (clients drop it from view)
 * @param via     {@code "bridge"} when the message came from another site through the bridge, else {@code null}
 * @param origin  for bridged messages: the id of the site it came from ({@code from} is that site's claim)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(int v, String id, String room, Long seq, String from, String client, long ts, String type,
                       String text, String replyTo, JsonNode file, JsonNode e2e, Long deletes, String via,
                       String origin) {

    public static final int VERSION = 1;

    /** The {@code via} of messages that came through the bridge. */
    public static final String VIA_BRIDGE = "bridge";

    /** A message of this server (not bridged). */
    public Envelope(int v, String id, String room, Long seq, String from, String client, long ts, String type,
                    String text, String replyTo, JsonNode file, JsonNode e2e, Long deletes) {
        this(v, id, room, seq, from, client, ts, type, text, replyTo, file, e2e, deletes, null, null);
    }

    /** A chat message (any type but a deletion notice). */
    public Envelope(int v, String id, String room, Long seq, String from, String client, long ts, String type,
                    String text, String replyTo, JsonNode file, JsonNode e2e) {
        this(v, id, room, seq, from, client, ts, type, text, replyTo, file, e2e, null);
    }

    /** This envelope with a sequence number. */
    public Envelope withSeq(long newSeq) {
        return new Envelope(v, id, room, newSeq, from, client, ts, type, text, replyTo, file, e2e, deletes, via,
                origin);
    }

    /** This envelope marked as bridged from the site {@code originId}. */
    public Envelope bridgedFrom(String originId) {
        return new Envelope(v, id, room, seq, from, client, ts, type, text, replyTo, file, e2e, deletes, VIA_BRIDGE,
                originId);
    }

    /** Whether this message came from another site through the bridge. */
    public boolean bridged() {
        return VIA_BRIDGE.equals(via);
    }
}
