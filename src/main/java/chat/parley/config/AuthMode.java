package chat.parley.config;

/** How users prove who they are. */
public enum AuthMode {
    /** No accounts; a username can be claimed with a secret, unclaimed names are free to use. */
    OPEN,
    /** Username and password accounts. */
    ACCOUNTS
}
