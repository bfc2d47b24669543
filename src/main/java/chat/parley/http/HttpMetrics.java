package chat.parley.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request into {@code http_server_requests_seconds{method,route,status}}. The route is the matched
 * path template ({@code /api/rooms/{room}/messages}), never the raw path, so room names don't explode the series;
 * files of the web client count as {@code static}.
 */
final class HttpMetrics {

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A Javalin request logger: called once per request with its execution time. */
    void record(Context ctx, Float executionTimeMs) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint != null ? endpoint.path : ctx.path().startsWith("/api/") ? "unmatched" : "static";
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
    }
}
