package chat.parley.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The site's shared files as the bridge needs them: what to send of a file a bridged message shows, and where to keep
 * one that arrived (verified) from another site. The file store implements it; without one no file travels.
 */
public interface FileShelf {

    /** No files: nothing is sent, everything that arrives is refused. */
    FileShelf NONE = new FileShelf() {
        @Override
        public Optional<Shelved> find(String room, String id) {
            return Optional.empty();
        }

        @Override
        public boolean keep(String room, String origin, BridgedFile file, byte[] bytes) throws Refused {
            throw new Refused("this site keeps no files");
        }
    };

    /** A file kept here and where its bytes are. */
    record Shelved(BridgedFile file, Path content) {
    }

    /** The file of this id shared in this room, if there is one. */
    Optional<Shelved> find(String room, String id);

    /**
     * Keeps a file another site sent, under its own id, in this site's room of the same id: whoever may read that
     * room here may fetch it.
     *
     * @param bytes its bytes, whose SHA-256 and size were checked
     * @return false when a file of that id is already here (nothing changes)
     * @throws Refused     when this site does not take it (an encrypted file into a room not encrypted here, the
     *                     other way round, or an id of another room)
     * @throws IOException when the disk or the database failed
     */
    boolean keep(String room, String origin, BridgedFile file, byte[] bytes) throws Refused, IOException;

    /** A file this site does not take. */
    final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }
}
