package chat.parley.http;

import java.security.cert.X509Certificate;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The TLS side of a running server, for {@code /api/info} and the CA download.
 *
 * @param enabled     whether the TLS listeners run
 * @param brokerPorts the broker's bound ports once it runs (its TLS ones are 0 without TLS)
 * @param httpsPort the bound HTTPS port once the web server runs, 0 without TLS
 * @param localCa   the generated CA clients should trust ({@code tls: auto}), or {@code null}
 */
public record TlsInfo(boolean enabled, Supplier<BrokerPorts> brokerPorts, IntSupplier httpsPort,
                      X509Certificate localCa) {

    /** No TLS listeners. */
    public static final TlsInfo NONE = new TlsInfo(false, () -> BrokerPorts.NONE, () -> 0, null);

    /** The bound MQTT over TLS port, 0 without TLS or until the broker runs. */
    public int mqttsPort() {
        return brokerPorts.get().mqtts();
    }

    /** The bound MQTT over secure WebSocket port, 0 without TLS or until the broker runs. */
    public int wssPort() {
        return brokerPorts.get().wss();
    }
}
