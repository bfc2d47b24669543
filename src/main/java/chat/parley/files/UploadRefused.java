package chat.parley.files;

/**
 * An upload the server will not keep, with the HTTP status and error code it is answered with. Nothing of a refused
 * upload stays on disk; each refusal is counted in {@code parley_file_refusals_total{reason}}.
 */
public final class UploadRefused extends Exception {

    /** Why, as the HTTP status and the {@code error} of the one error shape (also the metric's label). */
    public enum Reason {
        /** Over {@code max-file-bytes}: stopped while it streamed. */
        TOO_LARGE(413, "too_large"),
        /** Over the uploader's {@code file-quota-bytes}. */
        OVER_QUOTA(413, "over_quota"),
        /** Zero bytes. */
        EMPTY(400, "empty_file"),
        /** A multipart body without a file part, or a malformed one. */
        NO_FILE(400, "no_file"),
        /** The body ended before its end (a cut connection, a truncated multipart): nothing was kept. */
        TRUNCATED(400, "truncated"),
        /** An image, audio or video type claimed for bytes that are something else. */
        TYPE_MISMATCH(415, "type_mismatch"),
        /** An image with more pixels than {@code max-image-megapixels} (a decompression bomb, or just too big). */
        IMAGE_TOO_LARGE(422, "image_too_large"),
        /** Bytes that start like an image but do not decode as one. */
        BAD_IMAGE(422, "unreadable_image"),
        /** Plaintext into an end-to-end encrypted room (the client must encrypt it first), or ciphertext elsewhere. */
        ENCRYPTION(409, "encryption_mismatch");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    UploadRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
