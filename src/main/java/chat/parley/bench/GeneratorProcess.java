package chat.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A load generator of {@code parley bench users} as seen from the coordinator: a JVM of its own (this jar,
 * {@code parley bench users-load}), its protocol lines ({@code @@ready}, {@code @@sent}, {@code @@result}) queued,
 * anything else it prints passed on to the bench's output with its number.
 */
final class GeneratorProcess implements AutoCloseable {

    private static final String END = "@@end";

    private final int number;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> protocol = new LinkedBlockingQueue<>();
    private final ObjectMapper json = new ObjectMapper();

    private GeneratorProcess(int number, Process process) {
        this.number = number;
        this.process = process;
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code parley bench users-load} with these arguments; its other output goes to {@code out}. */
    static GeneratorProcess start(int number, List<String> jvmOptions, List<String> args, PrintWriter out)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(UsersServer.javaCommand());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "chat.parley.Parley", "bench",
                "users-load"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var generator = new GeneratorProcess(number, process);
        Thread reader = new Thread(() -> generator.read(out), "users-generator-" + number);
        reader.setDaemon(true);
        reader.start();
        return generator;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the protocol line {@code @@what {json}}; fails if the generator ends first or the time runs out. */
    JsonNode await(String what, long timeoutSeconds) throws IOException, InterruptedException {
        String line = protocol.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (line == null || line.equals(END)) {
            throw new IllegalStateException("generator " + number + (line == null ? " did not report '" + what
                    + "' within " + timeoutSeconds + " s" : " ended before it reported '" + what + "' (exit "
                    + process.waitFor() + ")"));
        }
        String prefix = UsersLoad.LINE + what + " ";
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("generator " + number + ": expected '" + what + "', got " + line);
        }
        return json.readTree(line.substring(prefix.length()));
    }

    void tell(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void read(PrintWriter out) {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(UsersLoad.LINE)) {
                    protocol.add(line);
                } else {
                    synchronized (out) {
                        out.println("generator " + number + ": " + line);
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            protocol.add(END);
        }
    }
}
