package chat.parley.http;

import chat.parley.broker.ClientControl;
import chat.parley.broker.TrafficRates;
import chat.parley.files.FileStats;
import chat.parley.history.MessageStore;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/admin/stats}: the running server at a glance, and the last two minutes of traffic. */
final class StatsRoutes {

    private final ClientControl clients;
    private final boolean webNode;
    private final TrafficRates rates;
    private final MessageStore store;
    private final Path dataDir;
    private final Instant started;
    private final Supplier<FileStats> files;
    private final Supplier<Map<String, Long>> startup;

    StatsRoutes(ClientControl clients, TrafficRates rates, MessageStore store, Path dataDir, Instant started,
                Supplier<FileStats> files, Supplier<Map<String, Long>> startup, boolean webNode) {
        this.webNode = webNode;
        this.clients = clients;
        this.rates = rates;
        this.store = store;
        this.dataDir = dataDir;
        this.started = started;
        this.files = files;
        this.startup = startup;
    }

    void stats(Context ctx) {
        TrafficRates.Sample now = rates.latest();
        Runtime jvm = Runtime.getRuntime();
        var body = new LinkedHashMap<String, Object>();
        // a web node sees no MQTT connection nor traffic (they are the broker's): null, not a misleading 0
        body.put("connections", webNode ? null : clients.connections());
        body.put("messagesInPerSecond", webNode ? null : now.in());
        body.put("messagesOutPerSecond", webNode ? null : now.out());
        body.put("storedMessages", store.count());
        body.put("databaseBytes", size("parley.db") + size("parley.db-wal"));
        FileStats shared = files.get();
        body.put("files", Map.of("count", shared.files(), "bytes", shared.bytes()));
        body.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        body.put("startup", startup.get());
        body.put("heap", Map.of("usedBytes", jvm.totalMemory() - jvm.freeMemory(), "maxBytes", jvm.maxMemory()));
        body.put("traffic", webNode ? java.util.List.of() : rates.history());
        ctx.json(body);
    }

    private long size(String file) {
        try {
            return Files.size(dataDir.resolve(file));
        } catch (IOException e) {
            return 0;
        }
    }
}
