package chat.parley.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A warm spare: once a server with some options has started, the next one with the same options is started in the
 * background right away, so the next test class (or method) takes a server that is already listening instead of
 * waiting 1.5–3 s. A spare is an unused server with a fresh data dir, no different from one started on request. At
 * most {@value #KEEP} option sets keep a spare; an unused spare stops when the test JVM exits. {@code
 * -Dparley.testing.spare=false} turns spares off (each server then starts on request).
 */
final class SpareServers {

    static final String PROPERTY = "parley.testing.spare";
    private static final int KEEP = 2;

    /** What a spare must match: the options, and the jar and Java named by system properties at the time. */
    private record Key(ParleyOptions options, String jar, String java) {

        static Key of(ParleyOptions options) {
            return new Key(options, System.getProperty(ServerJar.JAR_PROPERTY),
                    System.getProperty(ServerLauncher.JAVA_PROPERTY));
        }
    }

    /** Keys → their spare, least recently used first. */
    private static final LinkedHashMap<Key, CompletableFuture<RunningParley>> SPARES =
            new LinkedHashMap<>(4, 0.75f, true);
    private static final ExecutorService STARTER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "parley-testing-spare");
        thread.setDaemon(true);
        return thread;
    });

    private SpareServers() {
    }

    /** A server with these options: the spare if there is a live one, else one started now; then a new spare. */
    static RunningParley take(ParleyOptions options, Function<ParleyOptions, RunningParley> start) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return start.apply(options);
        }
        Key key = Key.of(options);
        CompletableFuture<RunningParley> spare;
        synchronized (SPARES) {
            spare = SPARES.remove(key);
        }
        RunningParley server = spare == null ? null : joinQuietly(spare);
        if (server == null || !server.isAlive()) {
            server = start.apply(options); // throws when these options cannot start: then no spare either
        }
        prepare(key, start);
        return server;
    }

    private static void prepare(Key key, Function<ParleyOptions, RunningParley> start) {
        List<CompletableFuture<RunningParley>> dropped = new ArrayList<>();
        synchronized (SPARES) {
            if (SPARES.containsKey(key)) {
                return;
            }
            PendingStops.register(); // so that the test JVM's exit stops the spare
            SPARES.put(key, CompletableFuture.supplyAsync(() -> start.apply(key.options()), STARTER));
            var oldest = SPARES.entrySet().iterator();
            while (SPARES.size() > KEEP && oldest.hasNext()) {
                dropped.add(oldest.next().getValue());
                oldest.remove();
            }
        }
        dropped.forEach(SpareServers::stopWhenStarted);
    }

    /**
     * Stops every spare, also those still starting (at the test JVM's exit, which then waits for all stops, so that
     * their temp directories go too).
     */
    static void stopAll() {
        List<CompletableFuture<RunningParley>> all;
        synchronized (SPARES) {
            all = new ArrayList<>(SPARES.values());
            SPARES.clear();
        }
        all.forEach(SpareServers::stopWhenStarted);
    }

    private static void stopWhenStarted(CompletableFuture<RunningParley> spare) {
        PendingStops.add(spare.thenCompose(RunningParley::stopInBackground));
    }

    private static RunningParley joinQuietly(CompletableFuture<RunningParley> spare) {
        try {
            return spare.join();
        } catch (CompletionException failed) {
            return null; // starting on request reports why
        }
    }

    /** For tests: how many option sets have a spare. */
    static int count() {
        synchronized (SPARES) {
            return SPARES.size();
        }
    }
}
