package chat.parley.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload path holds a bounded buffer, not the file: a server whose whole heap is {@value #HEAP_MB} MB takes a
 * {@value #UPLOAD_MB} MB upload (streamed from a generator, chunked) and keeps it byte for byte. Run as its own process
 * from the test classpath, since the heap limit is a JVM option.
 */
class UploadMemoryTest {

    static final int HEAP_MB = 96;
    static final int UPLOAD_MB = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void a_file_larger_than_the_heap_is_streamed_to_disk() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(List.of(java, "-Xmx" + HEAP_MB + "m", "-cp",
                System.getProperty("java.class.path"), "chat.parley.Parley", "--print-ports", "--bind", "127.0.0.1",
                "--http-port", "0", "--mqtt-port", "0", "--ws-port", "0", "--discovery", "false",
                "--data-dir", data.toString(), "--max-file-bytes", "300MB", "--file-quota-bytes", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            int port = httpPort(process.getInputStream()).get(90, TimeUnit.SECONDS);
            var http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            String secret = json(http.send(post(base + "/api/claim", "{\"user\":\"big\"}"), body())).path("secret")
                    .asText();
            String token = json(http.send(post(base + "/api/login", "{\"user\":\"big\",\"password\":\"" + secret
                    + "\"}"), body())).path("token").asText();
            long bytes = (long) UPLOAD_MB << 20;
            var upload = HttpRequest.newBuilder(URI.create(base + "/api/rooms/general/files?name=disk.img"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Pattern(bytes)))
                    .build();
            long started = System.nanoTime();
            HttpResponse<String> answer = http.send(upload, body());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(json(answer).path("file").path("size").asLong()).isEqualTo(bytes);
            System.out.printf("upload of %d MB into a %d MB heap: %d ms (%.0f MB/s)%n", UPLOAD_MB, HEAP_MB, millis,
                    UPLOAD_MB * 1000.0 / millis);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpResponse.BodyHandler<String> body() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The HTTP port from the server's {@code --print-ports} line. */
    private static CompletableFuture<Integer> httpPort(InputStream out) {
        var port = new CompletableFuture<Integer>();
        Thread pump = new Thread(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!port.isDone() && line.startsWith("{\"http\"")) {
                        port.complete(JSON.readTree(line).path("http").asInt());
                    }
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "upload-memory-pump");
        pump.setDaemon(true);
        pump.start();
        return port;
    }

    /** {@code length} bytes of a repeating pattern, made as they are read. */
    private static final class Pattern extends InputStream {
        private final long length;
        private long position;

        Pattern(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? (int) (position++ % 251) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((position + i) % 251);
            }
            position += n;
            return n;
        }
    }
}
