package chat.parley.cli;

/**
 * What the user gave to read and write an end-to-end encrypted room: the key of an invite link ({@code --key}) or a
 * passphrase ({@code --passphrase}). It never leaves this process.
 *
 * @param key        the invite link's {@code k=} value (32 bytes, base64url), or null
 * @param passphrase the room's passphrase, or null
 */
public record RoomSecret(String key, String passphrase) {

    public RoomSecret {
        if ((key == null) == (passphrase == null)) {
            throw CliException.usage("give --key or --passphrase, not both");
        }
        if (passphrase != null && passphrase.isEmpty()) {
            throw CliException.usage("the passphrase must not be empty");
        }
    }

    public static RoomSecret ofKey(String key) {
        return new RoomSecret(key, null);
    }

    public static RoomSecret ofPassphrase(String passphrase) {
        return new RoomSecret(null, passphrase);
    }
}
