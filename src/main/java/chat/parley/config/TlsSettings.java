package chat.parley.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The TLS listeners: MQTT over TLS, MQTT over secure WebSocket and HTTPS, and where their certificate comes from.
 *
 * @param mode           off, pem or auto
 * @param cert           with {@link TlsMode#PEM}, the PEM certificate chain; else may be {@code null}
 * @param key            with {@link TlsMode#PEM}, the PEM private key; else may be {@code null}
 * @param mqttsPort      MQTT over TLS port, 0 for a free one
 * @param wssPort        MQTT over secure WebSocket port (path {@code /mqtt}), 0 for a free one
 * @param httpsPort      HTTPS port of the web client and REST API, 0 for a free one
 * @param plainListeners also serve plain HTTP, MQTT and WebSocket while TLS is on
 */
public record TlsSettings(TlsMode mode, Path cert, Path key, int mqttsPort, int wssPort, int httpsPort,
                          boolean plainListeners) {

    public TlsSettings {
        Objects.requireNonNull(mode, "tls must not be null.");
        requirePort("mqtts-port", mqttsPort);
        requirePort("wss-port", wssPort);
        requirePort("https-port", httpsPort);
        if (mode == TlsMode.PEM && (cert == null || key == null)) {
            throw new ConfigException("tls: pem needs both tls-cert and tls-key (PEM files)");
        }
        if (mode == TlsMode.OFF && !plainListeners) {
            throw new ConfigException("plain-listeners: false needs tls: pem or auto, or nothing would listen");
        }
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key + ": must be a port number from 0 to 65535, got " + port);
        }
    }

    /** Whether the TLS listeners run. */
    public boolean enabled() {
        return mode != TlsMode.OFF;
    }

    /** Whether the plain (unencrypted) listeners run. */
    public boolean plain() {
        return !enabled() || plainListeners;
    }

    public TlsSettings withMode(TlsMode newMode) {
        return new TlsSettings(newMode, cert, key, mqttsPort, wssPort, httpsPort, plainListeners);
    }

    /** With {@link TlsMode#PEM} and these files. */
    public TlsSettings withPem(Path certFile, Path keyFile) {
        return new TlsSettings(TlsMode.PEM, certFile, keyFile, mqttsPort, wssPort, httpsPort, plainListeners);
    }

    public TlsSettings withPorts(int mqtts, int wss, int https) {
        return new TlsSettings(mode, cert, key, mqtts, wss, https, plainListeners);
    }

    public TlsSettings withPlainListeners(boolean plain) {
        return new TlsSettings(mode, cert, key, mqttsPort, wssPort, httpsPort, plain);
    }
}
