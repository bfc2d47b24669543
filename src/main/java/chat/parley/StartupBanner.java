package chat.parley;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The short block printed when the server is ready: where to open it, the MQTT endpoints, the data dir. */
final class StartupBanner {

    private StartupBanner() {
    }

    static String render(ParleyServer server, long startMillis) {
        var config = server.config();
        List<String> lanHosts = lanHosts(config.bind());
        String local = isWildcard(config.bind()) || isLoopback(config.bind()) ? "localhost" : config.bind();
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Parley %s \"%s\" is ready (%.1f s)%n", Version.current(), config.name(),
                startMillis / 1000.0));
        out.append("  Web   ").append(httpUrl(local, server.httpPort())).append(System.lineSeparator());
        for (String host : lanHosts) {
            out.append("        ").append(httpUrl(host, server.httpPort())).append("   (LAN)")
                    .append(System.lineSeparator());
        }
        out.append("  MQTT  mqtt://").append(local).append(':').append(server.mqttPort())
                .append("   ws://").append(local).append(':').append(server.wsPort()).append("/mqtt")
                .append(System.lineSeparator());
        out.append("  Data  ").append(absolute(config.dataDir())).append(System.lineSeparator());
        out.append("Press Ctrl-C to stop.");
        return out.toString();
    }

    private static String httpUrl(String host, int port) {
        return "http://" + host + ":" + port + "/";
    }

    private static Path absolute(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    /** Every non-loopback IPv4 address other devices can use, or just the bind address when it is specific. */
    static List<String> lanHosts(String bind) {
        if (isLoopback(bind)) {
            return List.of();
        }
        if (!isWildcard(bind)) {
            return List.of();
        }
        var hosts = new ArrayList<String>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        hosts.add(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        Collections.sort(hosts);
        return hosts;
    }

    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }

    private static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
