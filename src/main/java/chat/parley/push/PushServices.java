package chat.parley.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where a push subscription's endpoint may point ({@code web-push-services}). The server POSTs to the endpoint a
 * signed-in user gives; without this rule that would let anyone make the server send requests into its own network
 * (request forgery). A host name entry allows that host over HTTPS, a {@code .suffix} entry every host under it over
 * HTTPS, an origin entry ({@code scheme://host:port}) exactly that origin, plain HTTP included.
 */
final class PushServices {

    private final List<String> entries;

    PushServices(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Why this endpoint is refused, or {@code null} when it is allowed. */
    String refusal(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return "endpoint is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "endpoint must be an https URL of a push service";
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        String origin = scheme + "://" + host + ":" + port;
        for (String entry : entries) {
            if (entry.contains("://")) {
                URI allowed = URI.create(entry);
                int allowedPort = allowed.getPort() == -1 ? (allowed.getScheme().equals("https") ? 443 : 80)
                        : allowed.getPort();
                if (origin.equals(allowed.getScheme() + "://" + allowed.getHost() + ":" + allowedPort)) {
                    return null;
                }
            } else if (scheme.equals("https") && (entry.startsWith(".") ? host.endsWith(entry) : host.equals(entry))) {
                return null;
            }
        }
        return "endpoint " + scheme + "://" + host + " is not a push service this server sends to (web-push-services)";
    }
}
