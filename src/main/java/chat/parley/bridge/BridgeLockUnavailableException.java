package chat.parley.bridge;

/** The bridge was to be turned on, but the database that says which process of the site runs it cannot be asked. */
public final class BridgeLockUnavailableException extends IllegalStateException {

    BridgeLockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
