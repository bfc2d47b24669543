package chat.parley.http;

import chat.parley.chat.Names;
import chat.parley.config.ParleyConfig;
import chat.parley.lan.LanAddresses;
import chat.parley.lan.QrCode;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code GET /api/qr.svg?room=ROOM}: a QR code of the invite URL, so a phone joins (a room) by scanning. With TLS on,
 * the invite is the HTTPS page even when asked for over plain HTTP: only there may the app install itself, work
 * offline and notify (a secure context); the page offers the local CA ("Trust this server").
 */
final class QrRoutes {

    private final ParleyConfig config;
    private final TlsInfo tls;

    QrRoutes(ParleyConfig config, TlsInfo tls) {
        this.config = config;
        this.tls = tls;
    }

    void svg(Context ctx) {
        String room = Params.optionalText(ctx, "room");
        if (room != null && !Names.isRoom(room)) {
            throw ApiException.badRequest("room id must match " + Names.ROOM.pattern());
        }
        ctx.header("Cache-Control", "no-store")
                .contentType("image/svg+xml")
                .result(QrCode.of(inviteUrl(ctx, room)).toSvg());
    }

    /**
     * The URL a phone should open: {@code http://HOST:PORT/} or {@code http://HOST:PORT/#/r/{room}}. HOST is the host
     * the request used (a proxy's name keeps working), unless that is this machine's loopback name, which no phone can
     * reach: then it is the best LAN address and the port the request came in on. With TLS on and no proxy in
     * between, it is {@code https://HOST:HTTPS-PORT/…} whatever the request came in on: always with {@code tls: auto}
     * (its certificate names every LAN address), with {@code tls: pem} only for a host name (your certificate may not
     * name the machine's addresses).
     */
    String inviteUrl(Context ctx, String room) {
        boolean proxied = ctx.header("X-Forwarded-Proto") != null || ctx.header("X-Forwarded-Host") != null;
        String scheme = "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) ? "https" : ctx.scheme();
        String host = ApiRoutes.hostOf(ctx);
        String authority = ctx.host() == null || ctx.host().isBlank() ? host : ctx.host();
        int port = ctx.req().getLocalPort();
        boolean certified = tls.localCa() != null || !(isLoopback(host) || isAddress(host));
        if (!proxied && tls.enabled() && tls.httpsPort().getAsInt() > 0 && certified) {
            scheme = "https";
            port = tls.httpsPort().getAsInt();
            authority = host + ":" + port;
        }
        if (isLoopback(host)) {
            var lan = LanAddresses.best(config.bind());
            if (lan.isPresent()) {
                authority = lan.get() + ":" + port;
            }
        }
        return scheme + "://" + authority + "/" + (room == null ? "" : "#/r/" + room);
    }

    private static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.startsWith("[");
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
