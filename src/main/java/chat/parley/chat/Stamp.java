package chat.parley.chat;

import java.util.Objects;

/**
 * What the server knows about a publish and writes over the client's claims.
 *
 * @param from   the authenticated user (or the MQTT username, or the client id when there is none)
 * @param client the MQTT client id
 * @param ts     server time of receipt, milliseconds since the epoch
 */
public record Stamp(String from, String client, long ts) {

    public Stamp {
        Objects.requireNonNull(from, "from must not be null.");
        Objects.requireNonNull(client, "client must not be null.");
    }
}
