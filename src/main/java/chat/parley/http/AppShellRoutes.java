package chat.parley.http;

import chat.parley.config.ParleyConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes the web client an installable, offline-first app: {@code GET /manifest.webmanifest} (named after the
 * server's {@code name}) and {@code GET /sw.js}, the service worker that keeps the app shell for offline use. Both are
 * answered with {@code Cache-Control: no-cache}, so a browser asks every time whether they changed: that is how a new
 * server version reaches installed clients without a hard refresh (docs/web-client.md).
 */
final class AppShellRoutes {

    /** The accent of the page's logo: the colour of the title bar of the installed app. */
    static final String THEME_COLOUR = "#4f5bd5";
    static final String BACKGROUND_COLOUR = "#f5f6f8";
    static final String WORKER = "sw.js";

    private final ParleyConfig config;
    private final byte[] bundledWorker;

    AppShellRoutes(ParleyConfig config) {
        this.config = config;
        this.bundledWorker = config.webDirOverride().isPresent() ? null : classpathWorker();
    }

    void manifest(Context ctx) {
        var body = new LinkedHashMap<String, Object>();
        body.put("id", "/");
        body.put("name", config.name());
        body.put("short_name", config.name().length() <= 12 ? config.name() : config.name().substring(0, 12).strip());
        body.put("description", "Team chat on this network: rooms, direct messages and files.");
        body.put("start_url", "/");
        body.put("scope", "/");
        body.put("display", "standalone");
        body.put("theme_color", THEME_COLOUR);
        body.put("background_color", BACKGROUND_COLOUR);
        body.put("icons", List.of(icon("icon-192.png", 192, "any"), icon("icon-512.png", 512, "any"),
                icon("icon-maskable-512.png", 512, "maskable")));
        ctx.header("Cache-Control", "no-cache").contentType("application/manifest+json").result(
                toJson(body, ctx));
    }

    /**
     * The worker's script, from the served web directory. {@code Service-Worker-Allowed: /} states the scope it asks
     * for (the whole origin, as its path already allows); 404 when this build has no web client.
     */
    void worker(Context ctx) {
        byte[] script = config.webDirOverride().map(AppShellRoutes::fileWorker).orElse(bundledWorker);
        if (script == null) {
            throw ApiException.notFound("this server was built without the web client");
        }
        ctx.header("Cache-Control", "no-cache")
                .header("Service-Worker-Allowed", "/")
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/javascript; charset=utf-8")
                .result(script);
    }

    private static Map<String, Object> icon(String file, int size, String purpose) {
        return Map.of("src", "/icons/" + file, "sizes", size + "x" + size, "type", "image/png", "purpose", purpose);
    }

    private static String toJson(Object body, Context ctx) {
        return ctx.jsonMapper().toJsonString(body, Object.class);
    }

    private static byte[] classpathWorker() {
        try (InputStream in = AppShellRoutes.class.getResourceAsStream("/web/" + WORKER)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fileWorker(Path webDir) {
        try {
            Path file = webDir.resolve(WORKER);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
