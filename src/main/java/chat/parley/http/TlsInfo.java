package chat.parley.http;

import java.security.cert.X509Certificate;
import java.util.function.IntSupplier;

/**
 * The TLS side of a running server, for {@code /api/info} and the CA download.
 *
 * @param mqttsPort the bound MQTT over TLS port, 0 without TLS
 * @param wssPort   the bound MQTT over secure WebSocket port, 0 without TLS
 * @param httpsPort the bound HTTPS port once the web server runs, 0 without TLS
 * @param localCa   the generated CA clients should trust ({@code tls: auto}), or {@code null}
 */
public record TlsInfo(int mqttsPort, int wssPort, IntSupplier httpsPort, X509Certificate localCa) {

    /** No TLS listeners. */
    public static final TlsInfo NONE = new TlsInfo(0, 0, () -> 0, null);

    /** Whether the TLS listeners run. */
    public boolean enabled() {
        return mqttsPort > 0;
    }
}
