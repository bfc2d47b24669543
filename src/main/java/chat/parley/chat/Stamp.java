package chat.parley.chat;

import java.util.Objects;

/**
 * What the server knows about a publish and writes over the client's claims.
 *
 * @param from   the user the connection authenticated as (never the client id, which anyone may choose)
 * @param client the MQTT client id
 * @param ts     server time of receipt, milliseconds since the epoch
 * @param bot    whether {@code from} is a bot account (a program, marked {@code bot: true} in the envelope)
 */
public record Stamp(String from, String client, long ts, boolean bot) {

    /** The stamp of a person (or a generic MQTT client): not a bot. */
    public Stamp(String from, String client, long ts) {
        this(from, client, ts, false);
    }

    public Stamp {
        Objects.requireNonNull(from, "from must not be null.");
        Objects.requireNonNull(client, "client must not be null.");
    }
}
