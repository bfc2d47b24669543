package chat.parley.config;

/** Where the TLS listeners' certificate comes from. */
public enum TlsMode {
    /** No TLS listeners: plain HTTP, MQTT and WebSocket only. */
    OFF,
    /** The PEM certificate chain and key the user gives ({@code tls-cert}, {@code tls-key}). */
    PEM,
    /** A local CA and a server certificate for this machine, generated at first start into the data dir. */
    AUTO
}
