package chat.parley.hooks;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver of outgoing webhooks on a loopback port (the JDK's own HTTP server): it records every request and
 * answers with the scripted answers in turn, then 200 with no body. It can be stopped and started again on the same
 * port, to play a receiver that is down.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An answer: status, content type, body. */
    record Answer(int status, String contentType, String body) {
    }

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    private WebhookReceiver(int port) {
        this.port = port;
    }

    /** A receiver on a free port, not started (down). */
    static WebhookReceiver onFreePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new WebhookReceiver(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A receiver on a free port, started. */
    static WebhookReceiver started() {
        var receiver = onFreePort();
        receiver.start();
        return receiver;
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
            Answer answer = answers.poll();
            if (answer == null) {
                answer = new Answer(200, "text/plain", "");
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    /** Stops answering: connections are refused until {@link #start()}. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Answers the next request with this (after those already scripted). */
    void answer(int status, String contentType, String body) {
        answers.add(new Answer(status, contentType, body));
    }

    List<Request> requests() {
        return requests;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        stop();
    }
}
