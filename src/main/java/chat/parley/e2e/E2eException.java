package chat.parley.e2e;

/** A sealed message that cannot be opened: wrong key, tampered bytes, or associated data that does not match. */
public final class E2eException extends Exception {

    public E2eException(String message) {
        super(message);
    }

    public E2eException(String message, Throwable cause) {
        super(message, cause);
    }
}
