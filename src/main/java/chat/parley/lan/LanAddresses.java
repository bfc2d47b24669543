package chat.parley.lan;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The addresses other devices on the LAN can use to reach this machine, best first. "Best" prefers a private
 * (site-local) IPv4 address of a physical-looking interface over container bridges and VPN tunnels.
 */
public final class LanAddresses {

    private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "br-", "veth", "virbr", "vmnet", "vbox",
            "tun", "tap", "utun", "zt", "tailscale", "wg", "cni", "flannel", "lxc", "podman");

    private LanAddresses() {
    }

    /**
     * The LAN IPv4 addresses for a server bound to {@code bind}, best first: none for a loopback bind, the bind
     * address itself when it is one specific address, else every non-loopback, non-link-local IPv4 address that is up.
     */
    public static List<String> forBind(String bind) {
        if (isLoopback(bind)) {
            return List.of();
        }
        if (!isWildcard(bind)) {
            return List.of(bind);
        }
        var found = new ArrayList<Candidate>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        found.add(new Candidate(address.getHostAddress(), score(nic, address)));
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        found.sort(Comparator.comparingInt(Candidate::score).reversed().thenComparing(Candidate::host));
        return found.stream().map(Candidate::host).toList();
    }

    /** The best LAN address for a server bound to {@code bind}, if other devices can reach it at all. */
    public static Optional<String> best(String bind) {
        return forBind(bind).stream().findFirst();
    }

    /** This machine's name, as it calls itself; empty when it has none or it cannot be looked up. */
    public static Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? Optional.empty() : Optional.of(name);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code bind} means every interface. */
    public static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }

    /** Whether {@code bind} is a loopback address (or a name resolving to one). */
    public static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int score(NetworkInterface nic, InetAddress address) {
        int score = 0;
        if (address.isSiteLocalAddress()) {
            score += 2;
        }
        String name = nic.getName().toLowerCase(Locale.ROOT);
        if (!nic.isVirtual() && VIRTUAL_PREFIXES.stream().noneMatch(name::startsWith)) {
            score += 4;
        }
        return score;
    }

    private record Candidate(String host, int score) {
    }
}
