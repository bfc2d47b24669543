package chat.parley.config;

/** Where the embedded broker keeps sessions and queued messages. Chat history is always in Parley's own store. */
public enum BrokerPersistence {
    /** In memory: fast fan-out; sessions do not survive a restart. */
    MEMORY,
    /** On disk in the data dir (Xodus). */
    FILE
}
