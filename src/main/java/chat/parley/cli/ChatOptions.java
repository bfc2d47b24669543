package chat.parley.cli;

import java.net.URI;
import java.nio.file.Path;

/**
 * What {@code parley chat} was asked to do. Null means "not given": the client asks for it when it runs in a
 * terminal, or picks the default.
 *
 * @param server     the Parley server's web address ({@code http://localhost:8080}); unused with {@code broker}
 * @param broker     a plain MQTT broker ({@code mqtt://host:1883}, {@code mqtts://}, {@code ws://}, {@code wss://})
 *                   to chat over without a Parley server, or null
 * @param prefix     topic prefix in broker mode (random when null)
 * @param user       user name
 * @param clientId   MQTT client id (generated when null)
 * @param room       the room to join first
 * @param randomRoom join a new random room
 * @param json       print envelopes as JSON lines instead of chat lines
 * @param configDir  where the claim secrets are kept ({@code ~/.config/parley})
 * @param secret     the key or passphrase of the (end-to-end encrypted) room, or null
 * @param caFile     PEM certificates a TLS server (https, mqtts, wss) must chain to, or null for the JVM's defaults
 */
public record ChatOptions(URI server, URI broker, String prefix, String user, String clientId, String room,
                          boolean randomRoom, boolean json, Path configDir, RoomSecret secret, Path caFile) {

    /** Options without an encrypted room's secret, trusting the JVM's default certificate authorities. */
    public ChatOptions(URI server, URI broker, String prefix, String user, String clientId, String room,
                       boolean randomRoom, boolean json, Path configDir) {
        this(server, broker, prefix, user, clientId, room, randomRoom, json, configDir, null, null);
    }

    public ChatOptions {
        if (server == null && broker == null) {
            throw new IllegalArgumentException("server or broker must be given");
        }
        if (configDir == null) {
            throw new IllegalArgumentException("configDir must not be null");
        }
        if (user != null && !Ids.isUser(user)) {
            throw CliException.usage("--user must match " + Ids.USER.pattern() + ", got '" + user + "'");
        }
        if (room != null && !Ids.isRoom(room)) {
            throw CliException.usage("--room must match " + Ids.ROOM.pattern() + ", got '" + room + "'");
        }
        if (room != null && randomRoom) {
            throw CliException.usage("give --room or --random-room, not both");
        }
        if (prefix != null && (prefix.isEmpty() || prefix.contains("+") || prefix.contains("#")
                || prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw CliException.usage("--prefix must be a topic path without wildcards or outer slashes, got '"
                    + prefix + "'");
        }
        if (prefix != null && broker == null) {
            throw CliException.usage("--prefix goes with --broker (a Parley server tells its own prefix)");
        }
        if (secret != null && broker != null) {
            throw CliException.usage("--key and --passphrase need a Parley server (encrypted rooms live there)");
        }
    }

    /** Options for a Parley server (the usual case). */
    public static ChatOptions server(URI server, String user, String room, Path configDir) {
        return new ChatOptions(server, null, null, user, null, room, false, false, configDir);
    }

    public boolean brokerMode() {
        return broker != null;
    }

    ChatOptions withJson(boolean newJson) {
        return new ChatOptions(server, broker, prefix, user, clientId, room, randomRoom, newJson, configDir, secret,
                caFile);
    }

    /** These options with the key or passphrase of the room. */
    public ChatOptions withSecret(RoomSecret newSecret) {
        return new ChatOptions(server, broker, prefix, user, clientId, room, randomRoom, json, configDir, newSecret,
                caFile);
    }
}
