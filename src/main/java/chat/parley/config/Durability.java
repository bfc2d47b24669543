package chat.parley.config;

/** When an acknowledged chat message is safe. */
public enum Durability {
    /** Survives a killed process (each commit reaches the OS); the default. */
    PROCESS,
    /** Survives power loss (each group commit is fsynced). */
    POWER
}
