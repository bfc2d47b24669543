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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(int v, String id, String room, Long seq, String from, String client, long ts, String type,
                       String text, String replyTo, JsonNode file, JsonNode e2e, Long deletes) {

    public static final int VERSION = 1;

    /** A chat message (any type but a deletion notice). */
    public Envelope(int v, String id, String room, Long seq, String from, String client, long ts, String type,
                    String text, String replyTo, JsonNode file, JsonNode e2e) {
        this(v, id, room, seq, from, client, ts, type, text, replyTo, file, e2e, null);
    }

    /** This envelope with a sequence number. */
    public Envelope withSeq(long newSeq) {
        return new Envelope(v, id, room, newSeq, from, client, ts, type, text, replyTo, file, e2e, deletes);
    }
}
