package chat.parley.bridge;

import java.util.Objects;

/**
 * A shared file as it travels between sites: its id stays the same at every site, so the message that shows it opens
 * there like a local one.
 *
 * @param id        the file id
 * @param sha256    hex SHA-256 of all its bytes, checked before the file is kept at the receiving site
 * @param size      bytes
 * @param name      the file name (cleaned again on arrival)
 * @param from      who uploaded it, at its site
 * @param mime      the type its site sniffed (sniffed again on arrival)
 * @param width     pixels, for images, else {@code null}
 * @param height    pixels, for images, else {@code null}
 * @param thumb     its thumbnail's id, or {@code null}
 * @param thumbOf   for a thumbnail: its image's id, else {@code null}
 * @param encrypted whether the bytes are an end-to-end encrypted room's ciphertext (carried as is)
 */
public record BridgedFile(String id, String sha256, long size, String name, String from, String mime, Integer width,
                          Integer height, String thumb, String thumbOf, boolean encrypted) {

    public BridgedFile {
        Objects.requireNonNull(id, "id must not be null.");
        Objects.requireNonNull(sha256, "sha256 must not be null.");
        Objects.requireNonNull(name, "name must not be null.");
        Objects.requireNonNull(from, "from must not be null.");
        Objects.requireNonNull(mime, "mime must not be null.");
    }
}
