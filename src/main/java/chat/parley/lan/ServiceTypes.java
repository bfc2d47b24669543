package chat.parley.lan;

/** The DNS-SD service types a Parley server advertises, and the TXT keys of its {@code _parley._tcp} record. */
public final class ServiceTypes {

    /** The web client (port = HTTP port, TXT {@code path=/}): browsers and "Bonjour" browsers list it. */
    public static final String HTTP = "_http._tcp.local.";
    /** The MQTT broker's TCP listener (port = MQTT port). */
    public static final String MQTT = "_mqtt._tcp.local.";
    /**
     * A Parley server: port = HTTP port; TXT {@code version}, {@code auth} (open|accounts), {@code tls} (true|false),
     * {@code path} (the web client's path), {@code mqtt} (MQTT TCP port), {@code ws} and {@code ws-path} (MQTT over
     * WebSocket); with TLS next to plain listeners also {@code https}, {@code mqtts} and {@code wss} (ports).
     */
    public static final String PARLEY = "_parley._tcp.local.";

    private ServiceTypes() {
    }
}
