package chat.parley.chat;

/**
 * Why a chat publish was refused. Each reason maps to one MQTT 5 PUBACK reason code and one metrics label.
 */
public enum Refusal {
    /** Malformed chat topic or room id: 0x90 Topic Name invalid. */
    INVALID_TOPIC(0x90),
    /** The publisher may not write there (server-only topics, someone else's DM, a system message): 0x87. */
    NOT_AUTHORIZED(0x87),
    /** Payload is not valid UTF-8: 0x99 Payload format invalid. */
    INVALID_UTF8(0x99),
    /** Payload starts like JSON but is not a JSON object: 0x99. */
    INVALID_JSON(0x99),
    /** Envelope fields are wrong (unknown type, missing text, wrong version …): 0x99. */
    INVALID_ENVELOPE(0x99),
    /** Message text is longer than {@code max-text-chars}: 0x97 Quota exceeded. */
    TEXT_TOO_LONG(0x97),
    /** Payload is larger than {@code max-payload-bytes}: 0x97 Quota exceeded. */
    PAYLOAD_TOO_LARGE(0x97),
    /** The connection published more than {@code rate-limit} messages a second: 0x97 Quota exceeded. */
    RATE_LIMITED(0x97),
    /**
     * An event (reaction, edit, delete) or a reply whose target is not a message of the same room, was deleted, or
     * does not fit (a plain edit of a sealed message): 0x99 Payload format invalid.
     */
    INVALID_TARGET(0x99),
    /** An edit of someone else's message, or a deletion by neither its author nor an admin: 0x87 Not authorized. */
    NOT_AUTHOR(0x87),
    /** Anything but an {@code e2e} message in an end-to-end encrypted room: 0x99 Payload format invalid. */
    PLAINTEXT_IN_ENCRYPTED_ROOM(0x99),
    /**
     * A file message naming a file that does not exist, is in another room or was uploaded by someone else (one answer
     * for all three, so an id is never confirmed): 0x99 Payload format invalid.
     */
    UNKNOWN_FILE(0x99),
    /**
     * A message the database refused to store (its row breaks a constraint of the table), alone: the rest of its
     * group commit is stored and acknowledged: 0x83 Implementation specific error.
     */
    UNSTORABLE(0x83),
    /** A client id or user an admin banned tried to connect: CONNACK 0x8A Banned. */
    BANNED(0x8A),
    /** An IP address already holds {@code max-connections-per-ip} connections: CONNACK 0x97 Quota exceeded. */
    CONNECTION_LIMIT(0x97),
    /** A connection already holds {@code max-subscriptions} topic filters: SUBACK 0x97 Quota exceeded. */
    SUBSCRIPTION_LIMIT(0x97),
    /** A client id whose session belongs to another identity: CONNACK 0x85 Client Identifier not valid. */
    SESSION_OWNED(0x85),
    /** A topic filter deeper or longer than the broker takes: SUBACK 0x8F Topic Filter invalid. */
    TOPIC_FILTER_TOO_LONG(0x8F),
    /** A web page of another site opened the MQTT WebSocket: HTTP 403 before any MQTT (0x87 in spirit). */
    FOREIGN_ORIGIN(0x87),
    /**
     * A post over HTTP with a bot token or session that is unknown, revoked or expired, or to an incoming webhook URL
     * that is not (or no longer) one: HTTP 401 or 404 (0x86 Bad User Name or Password in spirit).
     */
    BAD_TOKEN(0x86);

    private final int reasonCode;

    Refusal(int reasonCode) {
        this.reasonCode = reasonCode;
    }

    /** The MQTT 5 PUBACK reason code. */
    public int reasonCode() {
        return reasonCode;
    }

    /** The label used in metrics and logs, e.g. {@code text_too_long}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
