package chat.parley.hooks;

import chat.parley.config.WebhookTargets;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Whether an outgoing webhook may send to a URL ({@code webhook-targets}): an {@code http(s)} URL whose host is listed
 * by name, or every address of which lies in a listed address or range. Checked when the hook is made and again
 * before every delivery (the setting or the name's addresses may have changed since). The request itself resolves
 * the name once more: a name the admin does not control could answer differently in between, so list addresses or
 * ranges rather than names you do not own (docs/bots.md).
 */
final class WebhookTargetCheck {

    private final WebhookTargets targets;

    WebhookTargetCheck(WebhookTargets targets) {
        this.targets = targets;
    }

    /** A target the setting does not allow: the delivery is dropped, not tried again. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The URL, checked.
     *
     * @throws Refused              when it is not an http(s) URL or the setting does not allow its host
     * @throws UnknownHostException when its host name does not resolve (now: it may later)
     */
    URI check(String url) throws Refused, UnknownHostException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new Refused("the URL must be http:// or https:// with a host, got '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("the URL must not carry a user name or password");
        }
        if (targets.none()) {
            throw new Refused("outgoing webhooks are off: list their receivers in webhook-targets");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        if (targets.listsName(host)) {
            return uri;
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (!targets.allowsAddress(address)) {
                throw new Refused(host + " (" + address.getHostAddress() + ") is not allowed by webhook-targets");
            }
        }
        return uri;
    }
}
