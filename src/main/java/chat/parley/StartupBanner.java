package chat.parley;

import chat.parley.lan.LanAddresses;
import chat.parley.lan.QrCode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
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
        boolean plain = server.httpPort() > 0;
        boolean tls = server.httpsPort() > 0;
        out.append("  Web   ").append(webUrl(server, local)).append(System.lineSeparator());
        for (String host : lanHosts) {
            out.append("        ").append(webUrl(server, host)).append("   (LAN)")
                    .append(System.lineSeparator());
        }
        if (config.webNode().enabled()) { // a web node: browsers and clients use the broker, not this process
            out.append("  MQTT  ").append(config.webNode().brokerUrl()).append("   ")
                    .append(config.webNode().brokerWsUrl()).append("   (web node: broker elsewhere)")
                    .append(System.lineSeparator());
        } else if (plain) {
            out.append("  MQTT  mqtt://").append(local).append(':').append(server.mqttPort())
                    .append("   ws://").append(local).append(':').append(server.wsPort()).append("/mqtt")
                    .append(System.lineSeparator());
        }
        if (tls && !config.webNode().enabled()) {
            if (plain) {
                out.append("  TLS   https://").append(local).append(':').append(server.httpsPort()).append('/')
                        .append(System.lineSeparator()).append("      ");
            } else {
                out.append("  MQTT");
            }
            out.append("  mqtts://").append(local).append(':').append(server.mqttsPort())
                    .append("   wss://").append(local).append(':').append(server.wssPort()).append("/mqtt")
                    .append(System.lineSeparator());
            server.tls().flatMap(t -> t.ca()).ifPresent(ca -> out.append("  CA    ")
                    .append(lanHosts.isEmpty() ? webUrl(server, local) : webUrl(server, lanHosts.get(0)))
                    .append("api/tls/ca.crt   (install on phones to trust this server)")
                    .append(System.lineSeparator()));
        }
        out.append("  Data  ").append(absolute(config.dataDir())).append(System.lineSeparator());
        if (config.store().kind() == chat.parley.config.StoreSettings.Kind.POSTGRESQL) {
            out.append("  History  ").append(config.store().postgresLocation()).append(System.lineSeparator());
        }
        if (server.adminToken().created()) {
            out.append("  Admin token (shown once; kept in ").append(absolute(server.adminToken().file()))
                    .append("):").append(System.lineSeparator())
                    .append("        ").append(server.adminToken().value()).append(System.lineSeparator());
        }
        LanAddresses.best(config.bind()).ifPresent(host -> out.append(joinQr(inviteUrl(server, host))));
        out.append("Press Ctrl-C to stop.");
        return out.toString();
    }

    /**
     * The URL the QR code gives a phone: with {@code tls: auto} (whose certificate names every LAN address) the HTTPS
     * page, since only a secure page may install the app, keep it offline and notify (it offers the local CA: "Trust
     * this server"); else the page the banner lists first.
     */
    static String inviteUrl(ParleyServer server, String host) {
        boolean localCa = server.tls().flatMap(t -> t.ca()).isPresent();
        return localCa && server.httpsPort() > 0 ? "https://" + host + ":" + server.httpsPort() + "/"
                : webUrl(server, host);
    }

    /** A QR code of the LAN URL, so a phone joins by scanning the console. */
    static String joinQr(String url) {
        return "Scan to join " + url + System.lineSeparator()
                + QrCode.of(url).toTerminal().replace("\n", System.lineSeparator());
    }

    /** The page's URL: plain HTTP while it runs (it links to the CA), else HTTPS. */
    private static String webUrl(ParleyServer server, String host) {
        return server.httpPort() > 0 ? "http://" + host + ":" + server.httpPort() + "/"
                : "https://" + host + ":" + server.httpsPort() + "/";
    }

    private static Path absolute(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    /** Every LAN IPv4 address other devices can use, best first, when bound to every interface; else none. */
    static List<String> lanHosts(String bind) {
        return LanAddresses.isWildcard(bind) ? LanAddresses.forBind(bind) : List.of();
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
