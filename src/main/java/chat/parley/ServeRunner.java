package chat.parley;

import chat.parley.config.ParleyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs a server in the foreground: prints where to reach it, waits for Ctrl-C or SIGTERM (or, with
 * {@code --print-ports}, for stdin to close), then shuts down in reverse order and reports exit code 0.
 */
final class ServeRunner {

    private static final Logger log = LoggerFactory.getLogger(ServeRunner.class);

    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch stop = new CountDownLatch(1);

    ServeRunner(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int run(ParleyConfig config, boolean printPorts) {
        return run(config, printPorts, false);
    }

    /**
     * Serves until stopped. With {@code ephemeral} the data dir is a new temp dir (deleted on exit), every listener
     * takes a free port of 127.0.0.1 and discovery is off, whatever the configuration says.
     */
    int run(ParleyConfig config, boolean printPorts, boolean ephemeral) {
        long started = System.nanoTime();
        Path tempDir = null;
        if (ephemeral) {
            try {
                tempDir = Files.createTempDirectory("parley-ephemeral");
            } catch (IOException e) {
                err.println("parley: cannot create a temp data dir: " + e.getMessage());
                err.flush();
                return 1;
            }
            config = config.withDataDir(tempDir).withBind("127.0.0.1").withPorts(0, 0, 0).withDiscovery(false);
        }
        try {
            return serve(config, printPorts, started);
        } finally {
            if (tempDir != null) {
                deleteTree(tempDir);
            }
        }
    }

    private int serve(ParleyConfig config, boolean printPorts, long started) {
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (StartupException e) {
            err.println("parley: " + e.getMessage());
            err.flush();
            return 1;
        }
        MemoryPolicy.apply(); // a server process of its own: give unused heap back to the OS once load passes
        // Handling the signals ourselves (instead of a shutdown hook) lets the process end with 0, not 143.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (printPorts) {
            out.printf("{\"http\":%d,\"mqtt\":%d,\"ws\":%d,\"https\":%d,\"mqtts\":%d,\"wss\":%d}%n",
                    server.httpPort(), server.mqttPort(), server.wsPort(), server.httpsPort(), server.mqttsPort(),
                    server.wssPort());
            stopWhenStdinCloses();
        } else {
            out.println(StartupBanner.render(server, millis));
        }
        out.flush();
        log.info("{} ({} ms since the command began)", server.startupTimes().summary(), millis);
        awaitStop();
        log.info("stopping");
        server.close();
        log.info("stopped");
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the temp data dir {}: {}", dir, e.toString());
        }
    }

    private void awaitStop() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // wait for end of input
                }
            } catch (IOException ignored) {
                // a broken stdin counts as closed
            }
            stop.countDown();
        }, "parley-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
