package chat.parley.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where outgoing webhooks may send ({@code webhook-targets}): host names, IP addresses and CIDR ranges, or {@code *}
 * for anywhere. Empty, the default, allows nothing: a webhook URL is the admin's choice, but the server makes the
 * request from inside the network, so without this list an outgoing webhook could reach a router's admin page or a
 * cloud metadata address (server-side request forgery). A host name listed is trusted by name; any other host is
 * allowed only when every address it resolves to lies in a listed address or range.
 *
 * @param entries the setting's entries, in lower case
 */
public record WebhookTargets(List<String> entries) {

    /** The entry that allows every target. */
    public static final String ANYWHERE = "*";

    private static final String HOST_NAME = "[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*";

    public WebhookTargets {
        entries = List.copyOf(entries);
        for (String entry : entries) {
            if (!entry.equals(ANYWHERE) && !entry.matches(HOST_NAME) && range(entry) == null) {
                throw new ConfigException("webhook-targets: '" + entry + "' is not a host name, an IP address or a "
                        + "CIDR range like 10.0.0.0/8 (or * for anywhere)");
            }
        }
    }

    /** Parses the setting: entries separated by commas. */
    public static WebhookTargets parse(String value) {
        var entries = new ArrayList<String>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim().toLowerCase(Locale.ROOT));
            }
        }
        return new WebhookTargets(entries);
    }

    /** Whether no target at all is allowed (outgoing webhooks are off). */
    public boolean none() {
        return entries.isEmpty();
    }

    /** Whether every target is allowed. */
    public boolean anywhere() {
        return entries.contains(ANYWHERE);
    }

    /** Whether this host name (or literal address, as written in the URL) is listed by name. */
    public boolean listsName(String host) {
        return anywhere() || entries.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether this address lies in a listed address or range. */
    public boolean allowsAddress(InetAddress address) {
        if (anywhere()) {
            return true;
        }
        for (String entry : entries) {
            Range range = range(entry);
            if (range != null && range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An IP address ({@code /32} or {@code /128}) or CIDR range, or null when the entry is neither. */
    private static Range range(String entry) {
        String[] parts = entry.split("/", -1);
        if (parts.length > 2 || !(parts[0].contains(":") || parts[0].matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(parts[0]).getAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return null;
        }
        int bits = bytes.length * 8;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                return null;
            }
        }
        return new Range(bytes, bits);
    }

    private record Range(byte[] network, int bits) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((bytes[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
