package chat.parley.lan;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Finds Parley servers on the LAN through their {@code _parley._tcp} mDNS/DNS-SD advertisement:
 * <pre>{@code
 * for (DiscoveredServer s : Discovery.browse(Duration.ofSeconds(3))) {
 *     System.out.println(s.name() + "  " + s.webUrl() + "  " + s.mqttUrl());
 * }
 * }</pre>
 */
public final class Discovery {

    private Discovery() {
    }

    /**
     * Listens on this machine's best LAN address (loopback when it has none) for {@code timeout} and returns the
     * servers found, sorted by name then host. Blocks for about {@code timeout}.
     *
     * @throws UncheckedIOException when mDNS cannot be started on that interface
     */
    public static List<DiscoveredServer> browse(Duration timeout) {
        try {
            return browse(LanAdvertiser.addressFor("0.0.0.0"), timeout);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #browse(Duration)} on the interface of {@code address} (loopback in tests). */
    public static List<DiscoveredServer> browse(InetAddress address, Duration timeout) {
        Objects.requireNonNull(address, "address must not be null.");
        Objects.requireNonNull(timeout, "timeout must not be null.");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive.");
        }
        JmDNS jmdns;
        try {
            jmdns = JmDNS.create(address, "parley-browser-" + ProcessHandle.current().pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mDNS on " + address.getHostAddress() + ": " + e.getMessage(),
                    e);
        }
        try {
            var found = new ArrayList<DiscoveredServer>();
            for (ServiceInfo info : jmdns.list(ServiceTypes.PARLEY, timeout.toMillis())) {
                DiscoveredServer server = toServer(info);
                if (server != null) {
                    found.add(server);
                }
            }
            found.sort(Comparator.comparing(DiscoveredServer::name).thenComparing(DiscoveredServer::host));
            return found;
        } finally {
            try {
                jmdns.close();
            } catch (IOException ignored) {
                // only listening; nothing to withdraw
            }
        }
    }

    /** The server an advertisement describes, or {@code null} when it lacks an address or a port. */
    static DiscoveredServer toServer(ServiceInfo info) {
        String host = info.getInet4Addresses().length > 0 ? info.getInet4Addresses()[0].getHostAddress()
                : info.getHostAddresses().length > 0 ? info.getHostAddresses()[0] : null;
        int mqtt = number(info.getPropertyString("mqtt"));
        if (host == null || info.getPort() <= 0 || mqtt <= 0) {
            return null;
        }
        return new DiscoveredServer(info.getName(), host, info.getPort(), mqtt, number(info.getPropertyString("ws")),
                orElse(info.getPropertyString("ws-path"), "/mqtt"), orElse(info.getPropertyString("version"), "?"),
                orElse(info.getPropertyString("auth"), "open"), "true".equals(info.getPropertyString("tls")));
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
