package chat.parley.bench;

import chat.parley.ParleyServer;
import chat.parley.chat.Body;
import chat.parley.chat.Envelope;
import chat.parley.chat.Stamp;
import chat.parley.config.Durability;
import chat.parley.config.ParleyConfig;
import chat.parley.config.StoreSettings;
import chat.parley.history.SearchQuery;
import chat.parley.history.SearchScope;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The history benchmark: stored-message throughput over MQTT (a PUBACK means stored), then REST history and search
 * latency once the store holds a million messages. Runs a real server in this process on free loopback ports.
 */
final class HistoryBench {

    private static final String[] WORDS = ("deploy build release meeting lunch roadmap budget design review bug fix "
            + "server client browser phone laptop coffee friday monday report customer ticket merge branch test")
            .split(" ");

    private final PrintWriter out;
    private final Path dataDir;
    private final Durability durability;
    private final int mqttMessages;
    private final int storedMessages;
    private final int publishers;
    private final int rooms;
    private final int warmupRequests;
    private final StoreSettings store;
    private final Random random = new Random(42);

    HistoryBench(PrintWriter out, Path dataDir, Durability durability, int mqttMessages, int storedMessages,
                 int publishers, int rooms, int warmupRequests, StoreSettings store) {
        this.out = out;
        this.dataDir = dataDir;
        this.durability = durability;
        this.mqttMessages = mqttMessages;
        this.storedMessages = storedMessages;
        this.publishers = publishers;
        this.rooms = rooms;
        this.warmupRequests = warmupRequests;
        this.store = store;
    }

    void run() throws Exception {
        // The benchmark's publishers are far faster than people: no per-connection rate limit.
        ParleyConfig config = ParleyConfig.ephemeral(dataDir).withDurability(durability)
                .withRateLimit(new ParleyConfig.RateLimit(Integer.MAX_VALUE, Integer.MAX_VALUE)).withStore(store);
        try (var server = ParleyServer.start(config)) {
            out.printf(Locale.ROOT, "history benchmark: store=%s%s, durability=%s, data dir %s%n",
                    store.kind().name().toLowerCase(Locale.ROOT),
                    store.postgresUrl().isEmpty() ? "" : " (" + store.postgresLocation() + ")", durability, dataDir);
            out.flush();
            mqttThroughput(server);
            fill(server);
            restLatency(server);
        }
    }

    /** QoS 1 publishes from several clients with a window each; every PUBACK is a committed message. */
    private void mqttThroughput(ParleyServer server) throws Exception {
        var clients = new ArrayList<Mqtt5AsyncClient>();
        for (int p = 0; p < publishers; p++) {
            var client = MqttClient.builder().useMqttVersion5().identifier("bench-" + p)
                    .serverHost("127.0.0.1").serverPort(server.mqttPort()).buildAsync();
            client.connectWith().simpleAuth().username("bench" + p).applySimpleAuth().send().join();
            clients.add(client);
        }
        var acked = new AtomicLong();
        var failed = new AtomicLong();
        var latency = new Latencies();
        long started = System.nanoTime();
        var all = new ArrayList<CompletableFuture<?>>();
        int perPublisher = mqttMessages / publishers;
        for (int p = 0; p < publishers; p++) {
            var client = clients.get(p);
            var window = new Semaphore(100);
            int publisher = p;
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perPublisher; i++) {
                    window.acquireUninterruptibly();
                    long sent = System.nanoTime();
                    client.publishWith().topic("parley/rooms/bench-mqtt/messages").qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("{\"id\":\"b" + publisher + "-" + i + "\",\"text\":\"" + sentence() + "\"}")
                                    .getBytes())
                            .send().whenComplete((r, e) -> {
                                if (e == null) {
                                    acked.incrementAndGet();
                                    latency.add(System.nanoTime() - sent);
                                } else {
                                    failed.incrementAndGet();
                                }
                                window.release();
                            });
                }
                window.acquireUninterruptibly(100);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "| stored over MQTT, QoS 1, %d publishers × %d, window 100 | %.0f msg/s "
                        + "(%d acked, %d failed) | PUBACK p50/p99/max %s |%n", publishers, perPublisher,
                acked.get() / seconds, acked.get(), failed.get(), latency.summary());
        out.flush();
        clients.forEach(c -> c.disconnect().join());
    }

    /** Fills the store to the target size straight through the store API (the broker is not what is measured). */
    private void fill(ParleyServer server) {
        var names = java.util.stream.IntStream.range(0, rooms).mapToObj(i -> "room-" + i).toList();
        long have = server.store().rooms(names).stream().mapToLong(r -> r.count()).sum();
        long started = System.nanoTime();
        var pending = new ArrayList<CompletableFuture<?>>();
        long n = have;
        while (n < storedMessages) {
            String room = "room-" + (n % rooms);
            var stamp = new Stamp("user" + (n % 50), "bench", 1_700_000_000_000L + n * 1000);
            pending.add(server.store().append(Envelope.of("f" + n, room, stamp, new Body.Text(sentence()), null)));
            n++;
            if (pending.size() == 20_000) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "| filled the store to %d messages in %d rooms (store API, group commit) | "
                + "%.0f msg/s | %.1f s |%n", storedMessages, rooms, (n - have) / seconds, seconds);
        out.flush();
    }

    private void restLatency(ParleyServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.httpPort();
        // A search first brings the index up to every stored message, so no query below shares the machine with
        // indexing the fill (a running server indexes in moments of no writes, long before 1M messages pile up).
        long indexing = System.nanoTime();
        server.store().search(new SearchQuery("warmup", null, null, 1, SearchScope.everything()));
        out.printf(Locale.ROOT, "history: search index brought up to date in %.1f s%n",
                (System.nanoTime() - indexing) / 1e9);
        out.flush();
        long perRoom = storedMessages / rooms;
        measure(http, "GET messages (latest 50)", 1000,
                () -> base + "/api/rooms/room-" + random.nextInt(rooms) + "/messages?limit=50");
        measure(http, "GET messages?before=random&limit=50", 1000,
                () -> base + "/api/rooms/room-" + random.nextInt(rooms) + "/messages?before="
                        + (1 + random.nextLong(perRoom)) + "&limit=50");
        measure(http, "GET messages?after=random&limit=500", 300,
                () -> base + "/api/rooms/room-" + random.nextInt(rooms) + "/messages?after="
                        + random.nextLong(perRoom) + "&limit=500");
        measure(http, "GET search (one word, 20 results)", 300,
                () -> base + "/api/search?q=" + WORDS[random.nextInt(WORDS.length)]);
        measure(http, "GET search (one rarer word)", 300, () -> base + "/api/search?q=" + rareWord());
        measure(http, "GET search (two words + room filter)", 300,
                () -> base + "/api/search?q=" + WORDS[random.nextInt(WORDS.length)] + "+"
                        + WORDS[random.nextInt(WORDS.length)] + "&room=room-" + random.nextInt(rooms));
        measure(http, "GET search (prefix)", 300,
                () -> base + "/api/search?q=" + WORDS[random.nextInt(WORDS.length)].substring(0, 3) + "*");
        String all = String.join(",", java.util.stream.IntStream.range(0, rooms).mapToObj(i -> "room-" + i).toList());
        measure(http, "GET /api/rooms?rooms= (" + rooms + " rooms)", 50, () -> base + "/api/rooms?rooms=" + all);
    }

    private void measure(HttpClient http, String what, int requests, java.util.function.Supplier<String> url)
            throws Exception {
        for (int i = 0; i < warmupRequests; i++) { // the JIT compiles the path first, as in a server that has run
            http.send(HttpRequest.newBuilder(URI.create(url.get())).build(), HttpResponse.BodyHandlers.discarding());
        }
        var latency = new Latencies();
        for (int i = 0; i < requests; i++) {
            var request = HttpRequest.newBuilder(URI.create(url.get())).build();
            long started = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            latency.add(System.nanoTime() - started);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " for " + request.uri());
            }
        }
        out.printf(Locale.ROOT, "| %s at %d stored, %d requests after %d unmeasured | p50/p99/max %s |%n", what,
                storedMessages, requests, warmupRequests, latency.summary());
        out.flush();
    }

    /** 4–13 words: most from a small set of very common words, the rest from 20,000 rarer ones (skewed). */
    private String sentence() {
        var words = new StringBuilder();
        int n = 4 + random.nextInt(10);
        for (int i = 0; i < n; i++) {
            words.append(i == 0 ? "" : " ").append(random.nextInt(10) < 7 ? WORDS[random.nextInt(WORDS.length)]
                    : rareWord());
        }
        return words.toString();
    }

    private String rareWord() {
        double skewed = random.nextDouble() * random.nextDouble();
        return "w" + Integer.toString((int) (skewed * 20_000), 36);
    }
}
