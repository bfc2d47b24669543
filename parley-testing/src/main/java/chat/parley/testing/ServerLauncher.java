package chat.parley.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts {@code java -jar parley.jar --ephemeral --print-ports} and waits for its one JSON line of ports. The server's
 * JVM is tuned for starting fast (C1 only, Serial GC, the class-data archive); its {@code java.io.tmpdir} is a
 * directory of its own, so its temp data dir is found there and nothing it leaves behind outlives it.
 */
final class ServerLauncher {

    static final String JAVA_PROPERTY = "parley.testing.java";
    static final String JAVA_ENV = "PARLEY_TESTING_JAVA";

    /** Fast start and a small footprint: a test server lives for seconds to minutes and is never busy for long. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k", "-XX:-UsePerfData");
    private static final Pattern PORTS = Pattern.compile(
            "^\\{\"http\":(\\d+),\"mqtt\":(\\d+),\"ws\":(\\d+)\\b.*\\}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean tempDirsChecked;

    private ServerLauncher() {
    }

    static RunningParley launch(ParleyOptions options) {
        Path jar = ServerJar.locate();
        Path java = java();
        Path tempDir = createTempDir();
        String adminToken = newToken();

        ClassDataArchive archive = null;
        List<String> cds = List.of();
        try {
            archive = ClassDataArchive.of(ServerJar.cacheRoot().resolve("cds"), jar, java, options.jvmArgs());
            cds = archive.jvmOptions();
        } catch (IOException | RuntimeException noArchive) {
            // start without one: slower, nothing else changes
        }
        var builder = new ProcessBuilder(command(java, jar, cds, tempDir, options)).directory(tempDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().put("PARLEY_ADMIN_TOKEN", adminToken);
        boolean recording = ClassDataArchive.records(cds);
        ClassDataArchive usedArchive = archive;
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (usedArchive != null) {
                usedArchive.afterExit(recording, -1); // lets the next server record it
            }
            deleteTree(tempDir);
            throw new ParleyStartException("cannot run " + java + " to start the Parley server (" + e.getMessage()
                    + "); name a Java 17 or newer with -D" + JAVA_PROPERTY + "=/path/to/bin/java or " + JAVA_ENV, e);
        }
        Runnable afterExit = () -> {
            if (usedArchive != null) {
                usedArchive.afterExit(recording, process.exitValue());
            }
            deleteTree(tempDir);
        };

        var tail = new OutputTail();
        var portsLine = new CompletableFuture<String>();
        tail.follow(process.getInputStream(), "stdout", line -> {
            if (PORTS.matcher(line).matches()) {
                portsLine.complete(line);
            }
        });
        tail.follow(process.getErrorStream(), "stderr", line -> { });
        process.onExit().thenRun(() -> portsLine.complete(null));

        RunningParley.Ports ports = awaitPorts(portsLine, process, tail, options, jar, java, afterExit);
        var server = new RunningParley(process, ports, findDataDir(tempDir), adminToken, afterExit);
        try {
            AdminApi.addUsers(server, options.users());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code java [fast start] [archive] -Djava.io.tmpdir=… [the options' JVM args] -jar parley.jar --ephemeral …}. */
    private static List<String> command(Path java, Path jar, List<String> cds, Path tempDir, ParleyOptions options) {
        var command = new ArrayList<String>();
        command.add(java.toString());
        command.addAll(FAST_START);
        command.addAll(cds);
        command.add("-Djava.io.tmpdir=" + tempDir);
        command.addAll(options.jvmArgs());
        command.addAll(List.of("-jar", jar.toString(), "--ephemeral", "--print-ports"));
        settings(options).forEach((key, value) -> command.add("--" + key + "=" + value));
        return command;
    }

    /** The settings as flags: the test defaults, then accounts mode for users, then the options (which win). */
    private static Map<String, String> settings(ParleyOptions options) {
        var settings = new LinkedHashMap<String, String>();
        // Tests claim many names from one address, and TLS (when turned on) takes free ports too.
        settings.put("claims-per-minute", "0");
        settings.put("https-port", "0");
        settings.put("mqtts-port", "0");
        settings.put("wss-port", "0");
        if (!options.users().isEmpty()) {
            settings.put("auth", "accounts");
        }
        settings.putAll(options.settings());
        return settings;
    }

    private static RunningParley.Ports awaitPorts(CompletableFuture<String> portsLine, Process process,
                                                  OutputTail tail, ParleyOptions options, Path jar, Path java,
                                                  Runnable afterExit) {
        String line;
        try {
            line = portsLine.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
            afterExit.run();
            throw new ParleyStartException("the Parley server (" + jar + ") printed no ports within "
                    + options.startTimeout().toSeconds() + " s and was stopped; its last output:\n" + tail.render());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new ParleyStartException("interrupted while the Parley server was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the ports future never fails", e);
        }
        if (line == null) {
            int code = process.exitValue();
            afterExit.run();
            String why = tail.contains("UnsupportedClassVersionError")
                    ? "the Parley server needs Java 17 or newer and " + java + " is older; name another with -D"
                            + JAVA_PROPERTY + "=/path/to/bin/java or " + JAVA_ENV
                    : "the Parley server (" + jar + ") exited with code " + code + " before it was ready";
            throw new ParleyStartException(why + "; its last output:\n" + tail.render());
        }
        Matcher m = PORTS.matcher(line);
        m.matches();
        return new RunningParley.Ports(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** {@code -Dparley.testing.java}, else {@code PARLEY_TESTING_JAVA}, else the Java running the tests. */
    static Path java() {
        String named = System.getProperty(JAVA_PROPERTY, System.getenv(JAVA_ENV));
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    private static Path createTempDir() {
        removeAbandonedTempDirs();
        try {
            return Files.createTempDirectory("parley-testing-");
        } catch (IOException e) {
            throw new ParleyStartException("cannot create a temp dir for the Parley server: " + e, e);
        }
    }

    /**
     * Once per JVM: deletes the empty temp dirs that servers of a killed test JVM left behind (such a server stops and
     * deletes its data dir by itself, but not the directory around it), if they are older than an hour.
     */
    private static synchronized void removeAbandonedTempDirs() {
        if (tempDirsChecked) {
            return;
        }
        tempDirsChecked = true;
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "parley-testing-*")) {
            for (Path dir : dirs) {
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(hourAgo)) {
                    try (Stream<Path> entries = Files.list(dir)) {
                        if (entries.findAny().isEmpty()) {
                            Files.deleteIfExists(dir);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // housekeeping only
        }
    }

    /** The server made its data dir in its own temp dir ({@code --ephemeral}); there is exactly one. */
    private static Path findDataDir(Path tempDir) {
        try (Stream<Path> entries = Files.list(tempDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("parley-ephemeral")).findFirst()
                    .orElse(tempDir);
        } catch (IOException e) {
            return tempDir;
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException gone) {
            // already deleted, or a file the server still held: the OS's temp cleaning takes it
        }
    }
}
