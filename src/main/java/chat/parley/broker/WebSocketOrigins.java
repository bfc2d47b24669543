package chat.parley.broker;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Which web pages may open the MQTT WebSocket: Parley's own pages (an {@code Origin} on the host the WebSocket was
 * addressed as, at the web server's HTTP or HTTPS port, or at a WebSocket port itself, which is what non-browser
 * clients such as Netty's send), the public origin a reverse proxy names in {@code X-Forwarded-Host} (a browser cannot
 * set that header on a WebSocket), and the {@code allowed-origins} setting. A client that sends no {@code Origin} is
 * not a browser page and is let through.
 */
final class WebSocketOrigins implements WebSocketOriginGuard.OriginCheck {

    private final List<String> allowed;
    private final List<IntSupplier> ownPorts;

    /**
     * @param allowed  extra origins, normalised ({@code scheme://host[:port]}, lower case)
     * @param ownPorts the server's web and WebSocket ports (suppliers: the web server binds after the broker)
     */
    WebSocketOrigins(List<String> allowed, List<IntSupplier> ownPorts) {
        this.allowed = List.copyOf(allowed);
        this.ownPorts = List.copyOf(ownPorts);
    }

    @Override
    public boolean allowed(String origin, String host, String forwardedHost) {
        if (origin == null) {
            return true;
        }
        String normalised = chat.parley.config.ParleyConfig.normaliseOrigin(origin);
        if (normalised == null) {
            return false; // "null" (sandboxed frames, file: pages) and anything that is not http(s)://host[:port]
        }
        if (allowed.contains(normalised)) {
            return true;
        }
        URI page = parse(normalised);
        if (page == null || page.getHost() == null) {
            return false;
        }
        int pagePort = port(page);
        if (forwardedHost != null) {
            URI proxy = parse(page.getScheme() + "://" + forwardedHost.split(",")[0].trim().toLowerCase(Locale.ROOT));
            if (proxy != null && page.getHost().equals(proxy.getHost()) && pagePort == port(proxy)) {
                return true;
            }
        }
        URI addressed = host == null ? null : parse("http://" + host.trim().toLowerCase(Locale.ROOT));
        if (addressed == null || !page.getHost().equals(addressed.getHost())) {
            return false;
        }
        return ownPorts.stream().mapToInt(IntSupplier::getAsInt).anyMatch(port -> port != 0 && port == pagePort);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    }

    private static URI parse(String text) {
        try {
            return new URI(text);
        } catch (Exception e) {
            return null;
        }
    }
}
