package chat.parley.testing;

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
 * How long {@link RunningParley#start} takes, from the call to a server that listens, once the class-data archive
 * exists (docs/benchmarks.md). Prints every time and the median; fails only when something is badly off, since the
 * machine running the suite may be busy.
 */
class StartToReadyIT {

    private static final int STARTS = 5;

    @Test
    void a_warm_start_uses_the_class_data_archive_and_is_quick() throws IOException {
        // Records the archive if no server has (or is recording it: a class before this one, stopping in the background).
        RunningParley.start(ParleyOptions.defaults()).close();
        Path archives = ServerJar.cacheRoot().resolve("cds");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Stream<Path> files = Files.list(archives)) {
                return files.anyMatch(file -> file.toString().endsWith(".jsa"));
            }
        });
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            long started = System.nanoTime();
            RunningParley server = RunningParley.start(ParleyOptions.defaults());
            millis.add((System.nanoTime() - started) / 1_000_000);
            server.close();
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(STARTS / 2);
        System.out.printf("start to ready, %d starts: %s ms; median %d ms, min %d, max %d%n", STARTS, millis, median,
                sorted.get(0), sorted.get(STARTS - 1));
        assertThat(median).as("median start to ready, ms").isLessThan(10_000);
    }
}
