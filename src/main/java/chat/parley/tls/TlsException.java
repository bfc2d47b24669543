package chat.parley.tls;

/** A TLS certificate or key problem, described in one line that names the file. */
public final class TlsException extends RuntimeException {

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
