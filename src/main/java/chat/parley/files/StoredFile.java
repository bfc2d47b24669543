package chat.parley.files;

import java.util.Objects;

/**
 * One shared file as the server keeps it: an upload into a room, whose bytes live once per content hash in the
 * {@link BlobStore}. Its {@code id} is the capability that links carry; whoever may read {@code room} may fetch it.
 *
 * @param id        128 random bits, base64url (22 characters)
 * @param sha256    hex SHA-256 of the stored bytes (after EXIF location removal): the blob's name
 * @param room      the room (or {@code dm:a:b}) it was uploaded to
 * @param uploader  the user who uploaded it
 * @param name      its file name, cleaned (never used as a path)
 * @param size      bytes stored
 * @param mime      the media type sniffed from the bytes ({@code application/octet-stream} for ciphertext)
 * @param width     pixels, for images; else {@code null}
 * @param height    pixels, for images; else {@code null}
 * @param thumb     the id of its thumbnail, or {@code null}
 * @param thumbOf   for a thumbnail the server made: the id of its image; else {@code null}
 * @param encrypted whether the bytes are a client's ciphertext (an end-to-end encrypted room)
 * @param created   upload time, ms since the epoch
 */
public record StoredFile(String id, String sha256, String room, String uploader, String name, long size, String mime,
                         Integer width, Integer height, String thumb, String thumbOf, boolean encrypted,
                         long created) {

    public StoredFile {
        Objects.requireNonNull(id, "id must not be null.");
        Objects.requireNonNull(sha256, "sha256 must not be null.");
        Objects.requireNonNull(room, "room must not be null.");
        Objects.requireNonNull(uploader, "uploader must not be null.");
        Objects.requireNonNull(name, "name must not be null.");
        Objects.requireNonNull(mime, "mime must not be null.");
    }

    /** Its download path, relative to the server. */
    public String url() {
        return "/api/files/" + id;
    }

    /** This file with a thumbnail. */
    StoredFile withThumb(String thumbId) {
        return new StoredFile(id, sha256, room, uploader, name, size, mime, width, height, thumbId, thumbOf, encrypted,
                created);
    }
}
