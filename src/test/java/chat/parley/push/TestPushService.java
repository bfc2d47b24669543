package chat.parley.push;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push service on a loopback port (the JDK's HTTP server), playing the browser maker's: it records every push with
 * its headers and encrypted body, and answers 201, or the status set for an endpoint path (410 for an expired one).
 */
public final class TestPushService implements AutoCloseable {

    /** One push as it arrived. */
    public record Push(String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    private TestPushService(HttpServer server) {
        this.server = server;
    }

    public static TestPushService started() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var service = new TestPushService(server);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                service.pushes.add(new Push(path, Map.copyOf(exchange.getRequestHeaders()),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(service.statuses.getOrDefault(path, 201), -1);
                exchange.close();
            });
            server.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}, what {@code web-push-services} lists. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new endpoint URL at this service. */
    public String endpoint(String path) {
        return origin() + path;
    }

    /** Answers pushes to this endpoint path with this status from now on. */
    public void answer(String path, int status) {
        statuses.put(path, status);
    }

    /** The pushes received for this endpoint path, in order. */
    public List<Push> to(String path) {
        return pushes.stream().filter(p -> p.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
