package chat.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * What a message envelope carries, one record per {@code type}. A new kind is one more record here (and a case in
 * {@link EnvelopeCodec} and {@link MessageRules}); code that only stores, delivers or pages envelopes never changes.
 * <p>
 * Messages ({@link Text}, {@link File}, {@link Sealed}) are what people read; events ({@link Reaction}, {@link Edit},
 * {@link Delete}) change a message of the same room, named by its {@code id}, and take their own place in the room's
 * {@code seq} stream, so live delivery, catch-up and the bridge carry them like messages.
 */
public sealed interface Body {

    /** The envelope's {@code type}. */
    String type();

    /** The text a person wrote, or {@code null} when the body has none (or only sealed text). */
    default String text() {
        return null;
    }

    /** Whether the body carries content the server can read: refused in end-to-end encrypted rooms. */
    boolean plaintext();

    /** A kind that changes another message of the room instead of being read itself. */
    sealed interface Event extends Body {
        /** The {@code id} of the message this event changes. */
        String target();
    }

    /** {@code type: text}. */
    record Text(String text) implements Body {
        public Text {
            Objects.requireNonNull(text, "text must not be null.");
        }

        @Override
        public String type() {
            return "text";
        }

        @Override
        public boolean plaintext() {
            return true;
        }
    }

    /** {@code type: file}: {@code file: {url,name,size,mime}} with an optional caption. */
    record File(JsonNode file, String text) implements Body {
        public File {
            Objects.requireNonNull(file, "file must not be null.");
        }

        @Override
        public String type() {
            return "file";
        }

        @Override
        public boolean plaintext() {
            return true;
        }
    }

    /**
     * {@code type: e2e}: a message sealed by its sender, opaque to the server. {@code files} lists in the clear the ids
     * of the encrypted uploads it shows (its sealed content says what they are), so the server can check they are the
     * sender's and keep them while the message lives.
     */
    record Sealed(JsonNode e2e, java.util.List<String> files) implements Body {
        public Sealed {
            Objects.requireNonNull(e2e, "e2e must not be null.");
            files = files == null ? java.util.List.of() : java.util.List.copyOf(files);
        }

        public Sealed(JsonNode e2e) {
            this(e2e, java.util.List.of());
        }

        @Override
        public String type() {
            return "e2e";
        }

        @Override
        public boolean plaintext() {
            return false;
        }
    }

    /** {@code type: system}: written by the server only; {@code deletes} is the seq of a message an admin removed. */
    record SystemNotice(String text, Long deletes) implements Body {
        @Override
        public String type() {
            return "system";
        }

        @Override
        public boolean plaintext() {
            return true;
        }
    }

    /** {@code type: reaction}: {@code op} {@code add} or {@code remove} one emoji of the sender on {@code target}. */
    record Reaction(String target, String emoji, String op) implements Event {
        public static final String ADD = "add";
        public static final String REMOVE = "remove";

        @Override
        public String type() {
            return "reaction";
        }

        @Override
        public boolean plaintext() {
            return false; // an emoji is not the room's content: encrypted rooms take reactions as they are
        }

        public boolean adds() {
            return ADD.equals(op);
        }
    }

    /** {@code type: edit}: the new {@code text} of {@code target}, or in an encrypted room its new {@code e2e}. */
    record Edit(String target, String text, JsonNode e2e) implements Event {
        @Override
        public String type() {
            return "edit";
        }

        @Override
        public boolean plaintext() {
            return text != null;
        }

        /** The body {@code original} has after this edit (a file keeps its file and takes the text as caption). */
        public Body applyTo(Body original) {
            if (original instanceof Sealed sealed) {
                return new Sealed(e2e, sealed.files()); // an edit changes the caption, not the files
            }
            return original instanceof File file ? new File(file.file(), text) : new Text(text);
        }
    }

    /** {@code type: delete}: {@code target} becomes a tombstone. */
    record Delete(String target) implements Event {
        @Override
        public String type() {
            return "delete";
        }

        @Override
        public boolean plaintext() {
            return false;
        }
    }

    /**
     * What history keeps of a deleted message, or of an edit of one: its kind ({@code type}) and, for an edit, its
     * {@code target}; no content. On the wire: {@code "deleted": true}.
     */
    record Removed(String type, String target) implements Body {
        @Override
        public boolean plaintext() {
            return false;
        }
    }
}
