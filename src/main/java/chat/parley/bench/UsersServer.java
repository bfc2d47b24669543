package chat.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server {@code parley bench users} measures: one given by its HTTP address, or a Parley started by the bench in a
 * process of its own (this jar, {@code --ephemeral --print-ports}: a temp data dir, free loopback ports) with the
 * rate, claim and connection limits lifted, since every simulated user comes from one address and the load
 * generators are far faster than people. Its log goes to a file, named on start.
 */
final class UsersServer implements AutoCloseable {

    /** The limits lifted for a bench server; everything else is the default. */
    static final List<String> UNLIMITED = List.of("--rate-limit", "1000000", "--rate-burst", "1000000",
            "--max-connections-per-ip", "0", "--claims-per-minute", "0", "--max-subscriptions", "0");

    private final String httpUrl;
    private final long pid;
    private final Process process;

    private UsersServer(String httpUrl, long pid, Process process) {
        this.httpUrl = httpUrl;
        this.pid = pid;
        this.process = process;
    }

    /** A running server; {@code pid} 0 when unknown (then its CPU and memory are not reported). */
    static UsersServer at(String httpUrl, long pid) {
        if (!httpUrl.startsWith("http://") && !httpUrl.startsWith("https://")) {
            throw new chat.parley.config.ConfigException("--url must be the server's HTTP address, e.g. http://127.0.0.1:8080,"
                    + " got " + httpUrl);
        }
        return new UsersServer(httpUrl, pid, null);
    }

    /** Starts Parley in a process of its own with the JVM options given; returns once it listens. */
    static UsersServer start(List<String> jvmOptions, PrintWriter out) throws IOException {
        Path log = Files.createTempFile("parley-bench-users-server", ".log");
        var command = new ArrayList<String>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "chat.parley.Parley",
                "--ephemeral", "--print-ports"));
        command.addAll(UNLIMITED);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        JsonNode ports = null;
        try (var writer = Files.newBufferedWriter(log)) {
            while (ports == null && (line = lines.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                if (line.startsWith("{\"http\":")) {
                    ports = new ObjectMapper().readTree(line);
                }
            }
        }
        if (ports == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the bench's Parley server did not start; its output: " + log);
        }
        Thread copier = new Thread(() -> copy(lines, log), "users-server-log");
        copier.setDaemon(true);
        copier.start();
        String url = "http://127.0.0.1:" + ports.path("http").asInt();
        out.printf("server: Parley in process %d, %s (pid %d), log %s%n", process.pid(), url, process.pid(), log);
        out.flush();
        return new UsersServer(url, process.pid(), process);
    }

    String httpUrl() {
        return httpUrl;
    }

    long pid() {
        return pid;
    }

    /** The {@code java} that runs this process, for the processes the bench starts. */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Stops a server the bench started (it stops when its stdin closes); one given by URL is left running. */
    @Override
    public void close() throws IOException {
        if (process == null) {
            return;
        }
        process.getOutputStream().close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(BufferedReader lines, Path log) {
        try (var writer = Files.newBufferedWriter(log, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = lines.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                writer.flush();
            }
        } catch (IOException e) {
            // the server ended; its log up to here is in the file
        }
    }
}
