package chat.parley.chat;

/** A publish that breaks a chat rule; carries the reason and a message for the publisher. */
public final class RefusedException extends Exception {

    private final Refusal refusal;

    public RefusedException(Refusal refusal, String message) {
        super(message, null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
