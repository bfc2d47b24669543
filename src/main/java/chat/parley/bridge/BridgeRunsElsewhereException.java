package chat.parley.bridge;

/** The bridge was to be turned on, but another process of this site (a web node on the same database) runs it. */
public final class BridgeRunsElsewhereException extends IllegalStateException {

    BridgeRunsElsewhereException(String message) {
        super(message);
    }
}
