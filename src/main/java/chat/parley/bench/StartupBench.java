package chat.parley.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Start-up: launches {@code java -jar parley.jar} with a fresh data dir, measures from process start until
 * {@code /api/health} answers 200 (polled every 20 ms), reads the heap in use from the admin stats a few seconds later
 * (idle) with the server's own time for each part of its start-up (store, broker, web), then stops it with SIGTERM.
 */
final class StartupBench {

    private static final String TOKEN = "bench-startup-token-0123456789abcdef";

    private final Path jar;
    private final int runs;
    private final int idleSeconds;
    private final HttpClient http = HttpClient.newHttpClient();

    StartupBench(Path jar, int runs, int idleSeconds) {
        this.jar = jar;
        this.runs = runs;
        this.idleSeconds = idleSeconds;
    }

    void run(PrintWriter out) throws Exception {
        var healthy = new Latencies();
        var heap = new ArrayList<Double>();
        var rss = new ArrayList<Double>();
        var parts = new ArrayList<String>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("parley-startup");
            int port = freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "--bind", "127.0.0.1",
                    "--http-port", Integer.toString(port), "--mqtt-port", "0", "--ws-port", "0",
                    "--data-dir", dir.toString(), "--discovery", "false", "--admin-token", TOKEN))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long start = System.nanoTime();
            long took;
            try {
                while (!healthy(port)) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("parley exited with " + process.exitValue()
                                + " before it was healthy");
                    }
                    if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                        throw new IllegalStateException("parley not healthy within 120 s");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                took = System.nanoTime() - start;
                healthy.add(took);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(idleSeconds));
                var stats = adminStats(port);
                heap.add(stats.path("heap").path("usedBytes").asDouble() / (1024 * 1024));
                var startup = stats.path("startup");
                parts.add(String.format(Locale.ROOT, "server ready in %d ms: store %d, broker %d, web %d ms",
                        startup.path("readyMillis").asLong(), startup.path("storeMillis").asLong(),
                        startup.path("brokerMillis").asLong(), startup.path("webMillis").asLong()));
                rss.add(ProcessStats.rssMegabytes(process.pid()));
            } finally {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            out.printf(Locale.ROOT, "startup run %d: healthy in %.0f ms (%s), heap used %.0f MB, RSS %.0f MB%n",
                    i + 1, took / 1e6, parts.get(i), heap.get(i), rss.get(i));
            out.flush();
        }
        out.printf(Locale.ROOT, "| startup, %d runs | start → /api/health best / median / worst %.0f / %.0f / %.0f ms "
                        + "| heap used after %d s idle %.0f–%.0f MB | RSS %.0f–%.0f MB |%n", runs,
                healthy.percentileMillis(0), healthy.percentileMillis(50), healthy.percentileMillis(100), idleSeconds,
                min(heap), max(heap), min(rss), max(rss));
        out.flush();
    }

    private boolean healthy(int port) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                    .timeout(java.time.Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private com.fasterxml.jackson.databind.JsonNode adminStats(int port) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/stats"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
