package chat.parley.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Posts over HTTP, one at a time, each timed from just before its {@code POST /api/rooms/{room}/messages} to its
 * arrival at an MQTT subscriber of the room: on one jar that is the server's own broker, on a web node the external
 * broker the node publishes to (the extra hop docs/scale.md weighs). The poster is a fresh name claimed over REST; the
 * subscriber connects as that name with its session token. Each post waits for the one before it to arrive, so every
 * sample is one post through an otherwise idle path, not a queue.
 */
final class PostsBench {

    /** How long a post may take to be answered or to arrive before it counts as an error, like a store's timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Where the posts go and where they are received. */
    record Ends(String httpUrl, String mqttHost, int mqttPort) {
    }

    /** What one run measured. */
    record Result(int posts, int warmup, Latencies delivered, Latencies answered, double perSecond, int errors,
                  String firstError) {

        String row() {
            return String.format(Locale.ROOT, "| posts %d after %d warm-up | delivered p50 / p99 / max %s | answered "
                            + "p50 / p99 / max %s | %.0f posts/s | errors %d%s |", posts, warmup,
                    delivered.summary(), answered.summary(), perSecond, errors,
                    firstError == null ? "" : " (first: " + firstError + ")");
        }
    }

    private final Ends ends;
    private final int posts;
    private final int warmup;

    PostsBench(Ends ends, int posts, int warmup) {
        this.ends = ends;
        this.posts = posts;
        this.warmup = warmup;
    }

    Result run(PrintWriter out) throws IOException, InterruptedException {
        String run = BenchClients.runId();
        ExecutorService threads = Executors.newFixedThreadPool(2, daemon());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(TIMEOUT).build();
        try {
            var rest = new UsersRest(ends.httpUrl(), threads);
            String prefix = step("GET " + ends.httpUrl() + "/api/info", rest::info).path("prefix").asText("parley");
            String user = "bench-posts-" + run;
            String token = step("claiming a name and signing in at " + ends.httpUrl() + " (auth: open)",
                    () -> rest.login(user, rest.claim(user).join()).join());
            String room = "bench-posts-" + run;
            BlockingQueue<long[]> arrivals = new LinkedBlockingQueue<>();
            Mqtt5AsyncClient subscriber = step("connecting to mqtt://" + ends.mqttHost() + ":" + ends.mqttPort(),
                    () -> BenchClients.connect(ends.mqttHost(), ends.mqttPort(), "bench-posts-" + run, user, token)
                            .join());
            try {
                subscriber.subscribeWith().topicFilter(prefix + "/rooms/" + room + "/messages")
                        .qos(MqttQos.AT_LEAST_ONCE).callback(publish -> {
                            long now = System.nanoTime();
                            long[] message = BenchMessage.decode(publish.getPayload().orElse(null));
                            if (message != null) {
                                arrivals.add(new long[] {message[0], now - message[1]});
                            }
                        }).send().join();
                out.printf(Locale.ROOT, "posts: as %s to %s/api/rooms/%s/messages, received on mqtt://%s:%d%n", user,
                        ends.httpUrl(), room, ends.mqttHost(), ends.mqttPort());
                out.flush();
                var poster = new Poster(http, URI.create(ends.httpUrl() + "/api/rooms/" + room + "/messages"), token,
                        arrivals);
                for (int n = 0; n < warmup; n++) {
                    poster.post(n);
                }
                poster.measured();
                long start = System.nanoTime();
                for (int n = warmup; n < warmup + posts; n++) {
                    poster.post(n);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return new Result(posts, warmup, poster.delivered, poster.answered, posts / seconds, poster.errors,
                        poster.firstError);
            } finally {
                subscriber.disconnect().exceptionally(e -> null).join();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Sends the posts and counts what came back; samples and errors from {@link #measured()} on. */
    private static final class Poster {

        private final HttpClient http;
        private final URI uri;
        private final String token;
        private final BlockingQueue<long[]> arrivals;
        private Latencies delivered = new Latencies();
        private Latencies answered = new Latencies();
        private int errors;
        private String firstError;

        Poster(HttpClient http, URI uri, String token, BlockingQueue<long[]> arrivals) {
            this.http = http;
            this.uri = uri;
            this.token = token;
            this.arrivals = arrivals;
        }

        /** Forgets the warm-up's samples and errors. */
        void measured() {
            delivered = new Latencies();
            answered = new Latencies();
            errors = 0;
            firstError = null;
        }

        /** Posts message {@code n} and waits for the answer and for its arrival at the subscriber. */
        void post(int n) throws InterruptedException {
            long sent = System.nanoTime();
            var request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(BenchMessage.text(n, sent), StandardCharsets.UTF_8))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 201) {
                    error("HTTP " + response.statusCode() + " " + response.body().strip());
                    return;
                }
                answered.add(System.nanoTime() - sent);
            } catch (IOException e) {
                error(e.toString());
                return;
            }
            long deadline = sent + TIMEOUT.toNanos();
            while (true) {
                long[] arrival = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (arrival == null) {
                    error("post " + n + " answered 201 but not received within " + TIMEOUT.toSeconds() + " s");
                    return;
                }
                if (arrival[0] == n) {
                    delivered.add(arrival[1]);
                    return;
                }
                // a late or repeated delivery of an earlier post: not this one's
            }
        }

        private void error(String what) {
            errors++;
            if (firstError == null) {
                firstError = what;
            }
        }
    }

    /** Runs a step of the setup; its failure says which step ({@link CompletionException}, as it failed). */
    private static <T> T step(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CompletionException(what + ": " + cause, cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return task -> {
            Thread thread = new Thread(task, "bench-posts-http");
            thread.setDaemon(true);
            return thread;
        };
    }
}
