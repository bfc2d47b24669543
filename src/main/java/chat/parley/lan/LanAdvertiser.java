package chat.parley.lan;

import chat.parley.config.ParleyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Advertises a running server with mDNS/DNS-SD: {@code _http._tcp}, {@code _mqtt._tcp} and {@code _parley._tcp}
 * (see {@link ServiceTypes}). Registering takes about a second of probing, so it happens in the background and never
 * delays or fails the server's start; a network without multicast only logs a warning. {@link #close()} sends the
 * goodbye packets, so browsers forget the server at once.
 */
public final class LanAdvertiser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LanAdvertiser.class);

    private final CompletableFuture<JmDNS> registered;
    private final InetAddress address;

    private LanAdvertiser(CompletableFuture<JmDNS> registered, InetAddress address) {
        this.registered = registered;
        this.address = address;
    }

    /**
     * What to advertise.
     *
     * @param name     instance name shown to users (the server name; JmDNS adds " (2)" on a clash)
     * @param httpPort bound HTTP port
     * @param mqttPort bound MQTT TCP port
     * @param wsPort   bound MQTT-over-WebSocket port
     * @param wsPath   the WebSocket listener's path
     * @param version  Parley's version
     * @param auth     identity mode, {@code open} or {@code accounts}
     * @param tls      whether the listeners use TLS
     * @param httpsPort bound HTTPS port next to plain listeners, 0 for none
     * @param mqttsPort bound MQTT over TLS port next to plain listeners, 0 for none
     * @param wssPort   bound MQTT over secure WebSocket port next to plain listeners, 0 for none
     */
    public record Advert(String name, int httpPort, int mqttPort, int wsPort, String wsPath, String version,
                         String auth, boolean tls, int httpsPort, int mqttsPort, int wssPort) {

        /** A server with one kind of listener: all plain, or (with {@code tls}) all TLS. */
        public Advert(String name, int httpPort, int mqttPort, int wsPort, String wsPath, String version, String auth,
                      boolean tls) {
            this(name, httpPort, mqttPort, wsPort, wsPath, version, auth, tls, 0, 0, 0);
        }
    }

    /**
     * Starts advertising a server started with {@code config} and bound to these ports, on the interface chosen by
     * {@link #addressFor(String)}, without TLS listeners.
     */
    public static LanAdvertiser start(ParleyConfig config, int httpPort, int mqttPort, int wsPort, String wsPath,
                                      String version) {
        return start(config, httpPort, mqttPort, wsPort, wsPath, version, 0, 0, 0);
    }

    /**
     * Starts advertising a server with TLS listeners too (0 = none). With only TLS listeners (plain ports 0) the
     * records carry the TLS ports and {@code tls=true}; with both, the plain ports and TXT {@code https}, {@code mqtts},
     * {@code wss}.
     */
    public static LanAdvertiser start(ParleyConfig config, int httpPort, int mqttPort, int wsPort, String wsPath,
                                      String version, int httpsPort, int mqttsPort, int wssPort) {
        InetAddress address;
        try {
            address = addressFor(config.bind());
        } catch (UnknownHostException e) {
            address = InetAddress.getLoopbackAddress();
        }
        String auth = config.auth().name().toLowerCase(Locale.ROOT);
        if (httpPort == 0 && httpsPort > 0) {
            return start(address, new Advert(config.name(), httpsPort, mqttsPort, wssPort, wsPath, version, auth, true));
        }
        return start(address, new Advert(config.name(), httpPort, mqttPort, wsPort, wsPath, version, auth, false,
                httpsPort, mqttsPort, wssPort));
    }

    /** Starts advertising on the interface of {@code address} (use the loopback address to stay on this machine). */
    public static LanAdvertiser start(InetAddress address, Advert advert) {
        CompletableFuture<JmDNS> registered = CompletableFuture.supplyAsync(() -> register(address, advert),
                runnable -> {
                    Thread thread = new Thread(runnable, "parley-mdns-register");
                    thread.setDaemon(true);
                    thread.start();
                });
        registered.whenComplete((jmdns, e) -> {
            if (e != null) {
                log.warn("LAN discovery is off: cannot advertise on {}: {}", address.getHostAddress(),
                        e.getCause() == null ? e.toString() : e.getCause().toString());
            } else {
                log.info("advertised \"{}\" on the LAN (mDNS on {})", advert.name(), address.getHostAddress());
            }
        });
        return new LanAdvertiser(registered, address);
    }

    /**
     * The interface to advertise on for a server bound to {@code bind}: the loopback address for a loopback bind,
     * the bind address when it is specific, else the best LAN address (loopback when there is none).
     */
    public static InetAddress addressFor(String bind) throws UnknownHostException {
        if (LanAddresses.isWildcard(bind)) {
            var best = LanAddresses.best(bind);
            return best.isPresent() ? InetAddress.getByName(best.get()) : InetAddress.getLoopbackAddress();
        }
        return InetAddress.getByName(bind);
    }

    /** Waits up to {@code timeoutMillis} until the services are registered; true when they are. */
    public boolean awaitRegistered(long timeoutMillis) {
        try {
            registered.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static JmDNS register(InetAddress address, Advert advert) {
        try {
            JmDNS jmdns = JmDNS.create(address, hostName());
            try {
                jmdns.registerService(ServiceInfo.create(ServiceTypes.HTTP, advert.name(), advert.httpPort(), 0, 0,
                        Map.of("path", "/")));
                jmdns.registerService(ServiceInfo.create(ServiceTypes.MQTT, advert.name(), advert.mqttPort(), 0, 0,
                        Map.of("tls", String.valueOf(advert.tls()))));
                jmdns.registerService(ServiceInfo.create(ServiceTypes.PARLEY, advert.name(), advert.httpPort(), 0, 0,
                        parleyText(advert)));
                return jmdns;
            } catch (IOException | RuntimeException e) {
                jmdns.close();
                throw e;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> parleyText(Advert advert) {
        var text = new LinkedHashMap<String, String>();
        text.put("version", advert.version());
        text.put("auth", advert.auth());
        text.put("tls", String.valueOf(advert.tls()));
        text.put("path", "/");
        text.put("mqtt", String.valueOf(advert.mqttPort()));
        text.put("ws", String.valueOf(advert.wsPort()));
        text.put("ws-path", advert.wsPath());
        if (advert.httpsPort() > 0) {
            text.put("https", String.valueOf(advert.httpsPort()));
            text.put("mqtts", String.valueOf(advert.mqttsPort()));
            text.put("wss", String.valueOf(advert.wssPort()));
        }
        return text;
    }

    /** This machine's name as an mDNS host label ({@code name.local.}); "parley" when it has none usable. */
    static String hostName() {
        String name = LanAddresses.hostName().orElse("");
        int dot = name.indexOf('.');
        name = (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return name.isBlank() || name.startsWith("-") ? "parley" : name;
    }

    /** The address advertised on. */
    public InetAddress address() {
        return address;
    }

    /**
     * Unregisters every service (goodbye packets) and stops the responder. If registering is still under way it is
     * awaited first (at most a few seconds), so nothing is left announcing.
     */
    @Override
    public void close() {
        awaitRegistered(5_000);
        registered.thenAccept(LanAdvertiser::stop);
    }

    private static void stop(JmDNS jmdns) {
        jmdns.unregisterAllServices();
        try {
            jmdns.close();
        } catch (IOException e) {
            log.debug("closing mDNS: {}", e.toString());
        }
    }
}
