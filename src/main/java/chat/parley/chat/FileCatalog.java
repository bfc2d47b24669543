package chat.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The files people uploaded (issue 18), as the chat rules need them: a file message names its file by {@code id}, and
 * what the message says about the file (name, size, type, image size, thumbnail) comes from here, not from the
 * sender. Only the uploader may show a file, only in the room it was uploaded to.
 */
public interface FileCatalog {

    /** A server that keeps no files: every file id is unknown. */
    FileCatalog NONE = new FileCatalog() {
        @Override
        public JsonNode resolve(String room, String from, String id) throws RefusedException {
            throw unknown(id);
        }

        @Override
        public void requireOwn(String room, String from, List<String> ids) throws RefusedException {
            if (!ids.isEmpty()) {
                throw unknown(ids.get(0));
            }
        }

        @Override
        public boolean holds(String room, String id) {
            return false;
        }
    };

    /**
     * The {@code file} object to store for {@code from}'s message in {@code room} naming file {@code id}: {@code {id,
     * url, name, size, mime}} and, for images, {@code width}, {@code height} and {@code thumb} (the thumbnail's id).
     *
     * @throws RefusedException {@link Refusal#UNKNOWN_FILE} when there is no such file, it is in another room or
     *                          someone else uploaded it (one answer for all three: an id is not confirmed)
     */
    JsonNode resolve(String room, String from, String id) throws RefusedException;

    /**
     * Checks that every id names a file {@code from} uploaded, encrypted, to {@code room}: the files an end-to-end
     * encrypted message lists in the clear (its sealed content says what they are).
     */
    void requireOwn(String room, String from, List<String> ids) throws RefusedException;

    /** Whether this server keeps a file of that id shared in that room (bridged messages name other sites' files). */
    boolean holds(String room, String id);

    /** The one refusal for an id that is not {@code from}'s file of this room. */
    static RefusedException unknown(String id) {
        return new RefusedException(Refusal.UNKNOWN_FILE, "no file '" + id + "' of yours in this room: upload it "
                + "first (POST /api/rooms/{room}/files) and send the id it answers with");
    }
}
