package chat.parley.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Web Push: notifications of DMs and mentions to browsers whose app is closed (docs/web-client.md). They travel
 * through the browser maker's push service on the internet; on a LAN without internet nobody can subscribe and nothing
 * is sent.
 *
 * @param enabled  send pushes and accept subscriptions ({@code web-push})
 * @param subject  the contact push services see in the VAPID token, {@code mailto:} or {@code https://}
 * @param services where a subscription's endpoint may point ({@code web-push-services}): a host name, {@code .suffix}
 *                 for every host under a domain, or an exact origin {@code scheme://host:port}; in lower case. The
 *                 server POSTs to the endpoint a user gives, so anything else is refused (request forgery)
 */
public record PushSettings(boolean enabled, String subject, List<String> services) {

    private static final String HOST = "\\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*";

    public PushSettings {
        if (subject == null || !(subject.startsWith("mailto:") || subject.startsWith("https://"))
                || subject.length() < 9) {
            throw new ConfigException("web-push-subject: must start with mailto: or https:// (a contact for the push "
                    + "services), got '" + subject + "'");
        }
        services = List.copyOf(services);
        for (String entry : services) {
            if (!entry.matches(HOST) && ParleyConfig.normaliseOrigin(entry) == null) {
                throw new ConfigException("web-push-services: '" + entry + "' is not a host name, a .domain suffix or "
                        + "an origin like https://push.example.com:443");
            }
        }
    }

    /** Parses {@code web-push-services}: entries separated by commas, kept in lower case. */
    public static List<String> parseServices(String value) {
        var entries = new ArrayList<String>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim().toLowerCase(Locale.ROOT));
            }
        }
        return entries;
    }
}
