package chat.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code parley bench users}: steps the number of simulated web-client users up ({@link SimulatedUser}, in rooms of
 * {@link RoomPlan}) against one server until an objective breaks, and reports the largest number that held. Each step
 * runs its users in separate load-generator processes ({@link GeneratorProcess}), lets them all sign in, then sends
 * for the warm-up and the measured window, stops, and checks that every member got every message.
 */
final class UsersBench {

    /** How the users behave. */
    record Behaviour(double perMinute, int typingMillis, double churnPerMinute, double everyoneShare,
                     double mediumShare, int warmupSeconds, int seconds, long seed) {
    }

    /** What a step must stay within to hold. */
    record Objectives(double deliveryP99Millis, double historyP99Millis, double rssMb) {
    }

    /** How the load is generated: users per generator process, sign-ins at once and threads per process. */
    record Generators(int usersEach, int connecting, int threads, List<String> jvmOptions) {
    }

    private final UsersServer server;
    private final Behaviour behaviour;
    private final Objectives objectives;
    private final Generators generators;
    private final PrintWriter out;
    private final String run = BenchClients.runId();

    UsersBench(UsersServer server, Behaviour behaviour, Objectives objectives, Generators generators,
               PrintWriter out) {
        this.server = server;
        this.behaviour = behaviour;
        this.objectives = objectives;
        this.generators = generators;
        this.out = out;
    }

    /**
     * Runs the steps in order until one breaks (or all of them, with {@code keepGoing}: what the server needs at each
     * size, even where a shared machine's scheduling already broke the delays); returns the largest number of users
     * below the first step that broke (0: none held).
     */
    int run(List<Integer> steps, boolean keepGoing) throws Exception {
        double idleRss = ProcessStats.rssMegabytes(server.pid());
        say("users: server %s, idle RSS %.0f MB; objectives: delivery p99 ≤ %.0f ms, history p99 ≤ %.0f ms, nothing "
                        + "lost, server RSS ≤ %.0f MB", server.httpUrl(), idleRss, objectives.deliveryP99Millis(),
                objectives.historyP99Millis(), objectives.rssMb());
        int held = 0;
        String broke = null;
        int brokeAt = 0;
        for (int users : steps) {
            UsersStep step = step(users, idleRss);
            say("%s", step.row());
            say("%s", step.detail());
            if (!step.held() && broke == null) {
                broke = String.join("; ", step.broken());
                brokeAt = users;
            }
            if (broke != null && !keepGoing) {
                break;
            }
            if (broke == null) {
                held = users;
            }
        }
        say("| users: largest N that held | %s | %s |", held == 0 ? "none" : String.format(Locale.ROOT, "%,d", held),
                broke == null ? "every step held (try larger steps)"
                        : String.format(Locale.ROOT, "next step %,d broke: %s", brokeAt, broke));
        return held;
    }

    private UsersStep step(int users, double idleRss) throws Exception {
        String stepRun = run + "n" + users;
        var info = new UsersRest(server.httpUrl(), Runnable::run).info();
        String ws = info.path("ws").path("url").asText();
        String prefix = info.path("prefix").asText("parley");
        int typingMaxPeople = info.path("limits").path("typingMaxPeople").asInt(0);
        int processes = Math.max(1, (users + generators.usersEach() - 1) / generators.usersEach());
        say("users %,d: %d generator process(es), WebSocket %s", users, processes, ws);
        var started = new ArrayList<GeneratorProcess>();
        double loadBefore = loadAverage();
        var peakRss = new AtomicReference<>(0.0);
        Thread sampler = rssSampler(peakRss); // from the first sign-in: the connect storm is part of the step
        try {
            for (int g = 0; g < processes; g++) {
                int from = (int) ((long) users * g / processes);
                int to = (int) ((long) users * (g + 1) / processes);
                started.add(GeneratorProcess.start(g + 1, generators.jvmOptions(),
                        args(ws, prefix, typingMaxPeople, users, from, to, stepRun), out));
            }
            double ramp = 0;
            for (GeneratorProcess g : started) {
                ramp = Math.max(ramp, g.await("ready", TimeUnit.MINUTES.toSeconds(30)).path("seconds").asDouble());
            }
            long go = UsersWorld.epochMicros() + 2_000_000;
            long from = go + behaviour.warmupSeconds() * 1_000_000L;
            long to = from + behaviour.seconds() * 1_000_000L;
            for (GeneratorProcess g : started) {
                g.tell(String.format(Locale.ROOT, "go %d %d %d", go, behaviour.warmupSeconds() * 1000L,
                        behaviour.seconds() * 1000L));
            }
            sleepUntil(from);
            double serverCpu0 = ProcessStats.cpuSeconds(server.pid());
            sleepUntil(to);
            double serverCpu = (ProcessStats.cpuSeconds(server.pid()) - serverCpu0) / behaviour.seconds() * 100;
            for (GeneratorProcess g : started) {
                g.await("sent", 300);
            }
            for (GeneratorProcess g : started) {
                g.tell("drain");
            }
            GeneratorReport total = null;
            var json = new ObjectMapper();
            for (GeneratorProcess g : started) {
                var report = json.treeToValue(g.await("result", 300), GeneratorReport.class);
                total = total == null ? report : total.plus(report);
            }
            return new UsersStep(users, processes, ramp, total, serverCpu, peakRss.get(), idleRss,
                    loadBefore, loadAverage(), objectives);
        } finally {
            sampler.interrupt();
            for (GeneratorProcess g : started) {
                g.close();
            }
        }
    }

    private List<String> args(String ws, String prefix, int typingMaxPeople, int users, int from, int to,
                              String stepRun) {
        return List.of("--http", server.httpUrl(), "--ws", ws, "--prefix", prefix,
                "--typing-max-people", Integer.toString(typingMaxPeople), "--users", Integer.toString(users),
                "--from", Integer.toString(from), "--to", Integer.toString(to), "--seed",
                Long.toString(behaviour.seed()), "--run", stepRun,
                "--rate", Double.toString(behaviour.perMinute()),
                "--typing-ms", Integer.toString(behaviour.typingMillis()),
                "--churn", Double.toString(behaviour.churnPerMinute()),
                "--everyone-share", Double.toString(behaviour.everyoneShare()),
                "--medium-share", Double.toString(behaviour.mediumShare()),
                "--connecting", Integer.toString(generators.connecting()),
                "--threads", Integer.toString(generators.threads()));
    }

    /** The server's highest RSS while the step's traffic runs, sampled twice a second. */
    private Thread rssSampler(AtomicReference<Double> peak) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                double rss = ProcessStats.rssMegabytes(server.pid());
                peak.accumulateAndGet(rss, Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "users-rss");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    /** The 1-minute load average of the machine (the bench shares it with whatever else runs). */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.printf(Locale.ROOT, format + "%n", args);
            out.flush();
        }
    }

    private static void sleepUntil(long epochMicros) {
        long wait;
        while ((wait = epochMicros - UsersWorld.epochMicros()) > 0) {
            LockSupport.parkNanos(wait * 1000);
        }
    }
}
