package chat.parley.testing;

/**
 * A Parley server did not start: no Java to run it, no server jar, or the server exited or stayed silent. The message
 * names the cause and ends with the server's last lines of output, when it wrote any.
 */
public final class ParleyStartException extends RuntimeException {

    public ParleyStartException(String message) {
        super(message);
    }

    public ParleyStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
