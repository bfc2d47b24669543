package chat.parley.testing;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Servers stopping in the background ({@link ParleyExtension} does not wait ~2 s per server). Before the test JVM
 * exits it stops the unused spares and waits for all of them, so that their temp directories are deleted and a
 * recorded class-data archive is kept.
 */
final class PendingStops {

    private static final long WAIT_AT_EXIT_SECONDS = 20;
    private static final Set<CompletableFuture<?>> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PendingStops::awaitAll, "parley-testing-stop"));
    }

    private PendingStops() {
    }

    /** Makes sure the exit hook is in place (it is from the first use of this class on). */
    static void register() {
        // loading the class registered the hook
    }

    static void add(CompletableFuture<?> stop) {
        PENDING.add(stop);
        stop.whenComplete((result, failure) -> PENDING.remove(stop));
    }

    private static void awaitAll() {
        SpareServers.stopAll();
        try {
            CompletableFuture.allOf(PENDING.toArray(CompletableFuture[]::new))
                    .get(WAIT_AT_EXIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // exiting anyway: each server stops on its own when its stdin closes with this JVM
        }
    }
}
