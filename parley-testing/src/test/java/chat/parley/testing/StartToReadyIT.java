package chat.parley.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long {@link RunningParley#start} takes, from the call to a server that listens (docs/benchmarks.md): started on
 * request once the class-data archive exists, and taken from a warm spare. Prints every time and the medians; fails
 * only when something is badly off, since the machine running the suite may be busy.
 */
class StartToReadyIT {

    private static final int STARTS = 5;

    @AfterEach
    void spares_back_on() {
        System.clearProperty(SpareServers.PROPERTY);
    }

    @Test
    void a_start_on_request_uses_the_class_data_archive_and_a_spare_is_quicker_still() throws IOException {
        System.setProperty(SpareServers.PROPERTY, "false");
        // Records the archive if no server has (or is recording it: a class before this one, stopping in the background).
        RunningParley.start(ParleyOptions.defaults()).close();
        Path archives = ServerJar.cacheRoot().resolve("cds");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(archives)) {
                return files.anyMatch(file -> file.toString().endsWith(".jsa"));
            }
        });
        long onRequest = median("on request", ParleyOptions.defaults());

        System.setProperty(SpareServers.PROPERTY, "true");
        ParleyOptions options = ParleyOptions.defaults().withSetting("name", "spare"); // a key no other class used
        RunningParley.start(options).close();
        assertThat(SpareServers.count()).isPositive();
        long fromSpare = median("from a spare", options);

        assertThat(onRequest).as("median start to ready on request, ms").isLessThan(10_000);
        assertThat(fromSpare).as("median start to ready from a spare, ms").isLessThan(10_000);
    }

    /** Starts and closes {@value #STARTS} servers one after another; prints and returns the median start time. */
    private static long median(String how, ParleyOptions options) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            long started = System.nanoTime();
            RunningParley server = RunningParley.start(options);
            millis.add((System.nanoTime() - started) / 1_000_000);
            server.close();
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(STARTS / 2);
        System.out.printf("start to ready %s, %d starts: %s ms; median %d ms, min %d, max %d%n", how, STARTS, millis,
                median, sorted.get(0), sorted.get(STARTS - 1));
        return median;
    }
}
