package chat.parley.db;

import chat.parley.config.StoreSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: Debian's {@code postgresql} binaries ({@code -Dparley.postgres.bin}, else
 * the newest {@code /usr/lib/postgresql/N/bin}), a cluster made with {@code initdb} in a temp directory and started
 * with {@code pg_ctl} on a free loopback port; one per test JVM, shared by the classes (each takes a database of its
 * own with {@link #newDatabase}), stopped when the JVM exits. PostgreSQL refuses to run as root: as root (CI
 * containers) the cluster belongs to, and runs as, the {@code postgres} user (or {@code nobody}) through
 * {@code runuser}. Without the binaries the tests fail at once with one line saying so (like every test that needs a
 * program: a run must never pass without having tested PostgreSQL).
 */
public final class PostgresServer {

    private static final String USER = "parley";
    private static PostgresServer shared;
    private static final AtomicInteger databases = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final List<String> runAs;
    private final int port;

    private PostgresServer(Path bin, Path dir, List<String> runAs, int port) {
        this.bin = bin;
        this.dir = dir;
        this.runAs = runAs;
        this.port = port;
    }

    /** The JVM's server, started on first use. Fails the calling test without PostgreSQL. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            Path bin = findBin();
            if (bin == null) {
                throw new AssertionError("PostgreSQL tests need PostgreSQL's server programs (initdb, pg_ctl), and "
                        + "none are in " + System.getProperty("parley.postgres.bin", "/usr/lib/postgresql/*/bin")
                        + ": run ./test.sh (it installs Debian's postgresql) or pass -Dparley.postgres.bin=DIR");
            }
            try {
                shared = start(bin);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start PostgreSQL from " + bin + ": " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    private static Path findBin() {
        String configured = System.getProperty("parley.postgres.bin", "");
        if (!configured.isBlank()) {
            return Files.isExecutable(Path.of(configured, "initdb")) ? Path.of(configured) : null;
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0")))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static PostgresServer start(Path bin) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-postgres");
        List<String> runAs = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            String user = userExists("postgres") ? "postgres" : "nobody";
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName(user));
            runAs = List.of("runuser", "-u", user, "--");
        }
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var server = new PostgresServer(bin, dir, runAs, port);
        server.run("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync");
        // fsync off: these clusters are thrown away, and the machine is shared by many test JVMs.
        server.run("pg_ctl", "start", "-w", "-t", "60", "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("postgres.log").toString(), "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");
        return server;
    }

    private static boolean userExists(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(user + ":"));
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(runAs);
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("parley-postgres-" + program, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(dir.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            String log = Files.readString(out);
            Path serverLog = dir.resolve("postgres.log");
            if (Files.exists(serverLog)) {
                log += "\n" + Files.readString(serverLog);
            }
            throw new IOException(String.join(" ", command) + " failed:\n" + log);
        }
        Files.deleteIfExists(out);
    }

    /** The JDBC URL of a database of this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database, its name made from {@code hint}. */
    public String newDatabase(String hint) {
        String name = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_" + databases.incrementAndGet();
        try (var c = DriverManager.getConnection(url("postgres"), USER, "");
             var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Store settings pointing at a new, empty database. */
    public StoreSettings newStore(String hint) {
        return StoreSettings.postgresql(url(newDatabase(hint)), USER, "", 8);
    }

    private void stop() {
        try {
            run("pg_ctl", "stop", "-m", "immediate", "-D", dir.resolve("data").toString());
        } catch (IOException | InterruptedException e) {
            // the JVM is exiting: nothing more to do than try
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
