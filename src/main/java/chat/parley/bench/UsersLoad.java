package chat.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One load-generator process of {@code parley bench users}: users {@code from} to {@code to} of the plan. It talks to
 * the coordinator in lines: it prints {@code @@ready {…}} once its users are in, waits for {@code go <µs> <warm-up ms>
 * <measured ms>}, runs the traffic (Poisson sends with typing before each, reconnect churn), prints {@code @@sent}
 * when its last message is acknowledged, waits for {@code drain} (every generator has stopped sending), checks every
 * user against each room's last seq and prints {@code @@result {report}}.
 */
final class UsersLoad {

    static final String LINE = "@@";

    /** What this process does, from the coordinator's command line. */
    record Settings(String httpUrl, String wsUrl, String prefix, int users, int from, int to, long seed, String run,
                    double perMinute, int typingMillis, double churnPerMinute, double everyoneShare,
                    double mediumShare, int connecting, int threads, int typingMaxPeople) {
    }

    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger reconnecting = new AtomicInteger();

    UsersLoad(Settings settings) {
        this.settings = settings;
    }

    void run(BufferedReader in, PrintWriter out) throws IOException {
        var plan = RoomPlan.of(settings.users(), settings.seed(), settings.run());
        try (var world = new UsersWorld(settings.httpUrl(), settings.wsUrl(), settings.prefix(), settings.threads(),
                settings.seed() * 31 + settings.from())) {
            List<SimulatedUser> users = users(plan, world);
            long started = System.nanoTime();
            start(users, world, out);
            say(out, "ready", Map.of("ready", world.counters().ready.sum(), "failed",
                    world.counters().startFailed.sum(), "seconds", (System.nanoTime() - started) / 1e9,
                    "error", String.valueOf(world.counters().firstError)));
            String[] go = expect(in, "go").split(" ");
            long goMicros = Long.parseLong(go[1]);
            long fromMicros = goMicros + Long.parseLong(go[2]) * 1000;
            long toMicros = fromMicros + Long.parseLong(go[3]) * 1000;
            double cpu = traffic(users, world, goMicros, fromMicros, toMicros);
            say(out, "sent", Map.of("sent", world.counters().sent.sum()));
            expect(in, "drain");
            long missing = drain(users, world);
            double rss = ProcessStats.rssMegabytes(ProcessHandle.current().pid());
            var report = GeneratorReport.of(users.size(), world.counters(), missing, (toMicros - fromMicros) / 1e6,
                    cpu, rss);
            CompletableFuture.allOf(users.stream().map(SimulatedUser::disconnect)
                    .toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            out.println(LINE + "result " + json.writeValueAsString(report));
            out.flush();
        }
    }

    /** A user's name: short, valid ({@code [a-z0-9][a-z0-9_-]{0,31}}) and new in every run. */
    static String userName(String run, int index) {
        return "b" + run + "u" + index;
    }

    private List<SimulatedUser> users(RoomPlan plan, UsersWorld world) {
        var users = new ArrayList<SimulatedUser>(settings.to() - settings.from());
        for (int u = settings.from(); u < settings.to(); u++) {
            var rooms = new ArrayList<SimulatedUser.Room>();
            for (int r : plan.roomsOf(u)) {
                var room = plan.room(r);
                String base = settings.prefix() + "/rooms/" + room.id() + "/";
                rooms.add(new SimulatedUser.Room(room.id(), room.kind(), base + "messages", base + "typing",
                        base + "meta", base + "presence", new SeqTracker(),
                        settings.typingMaxPeople() > 0 && room.members().length > settings.typingMaxPeople()));
            }
            users.add(new SimulatedUser(world, userName(settings.run(), u), rooms));
        }
        return users;
    }

    /** Signs everyone in, a bounded number at once (a connect storm as fast as the server takes it). */
    private void start(List<SimulatedUser> users, UsersWorld world, PrintWriter out) {
        var slots = new Semaphore(settings.connecting());
        var all = new ArrayList<CompletableFuture<?>>();
        var counters = world.counters();
        for (int i = 0; i < users.size(); i++) {
            slots.acquireUninterruptibly();
            long t0 = System.nanoTime();
            all.add(users.get(i).start().orTimeout(120, TimeUnit.SECONDS).whenComplete((x, e) -> {
                slots.release();
                if (e == null) {
                    counters.ready.increment();
                    counters.startUp.add((System.nanoTime() - t0) / 1000);
                } else {
                    counters.startFailed.increment();
                    counters.failed(e);
                }
            }));
            if ((i + 1) % 1000 == 0) {
                out.printf(Locale.ROOT, "%d of %d started, %d ready%n", i + 1, users.size(), counters.ready.sum());
                out.flush();
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    /** Sends and churns from {@code go} until {@code to}; returns this process's CPU seconds over the window. */
    private double traffic(List<SimulatedUser> users, UsersWorld world, long goMicros, long fromMicros,
                           long toMicros) {
        ScheduledExecutorService clock = new ScheduledThreadPoolExecutor(1);
        try {
            sleepUntil(goMicros);
            world.measure(fromMicros, toMicros);
            for (SimulatedUser user : users) {
                scheduleNext(clock, user, world, toMicros);
            }
            double[] churnCarry = {0};
            clock.scheduleAtFixedRate(() -> churn(users, world, churnCarry, toMicros), 1, 1, TimeUnit.SECONDS);
            sleepUntil(fromMicros);
            double cpuAtStart = ProcessStats.cpuSeconds(ProcessHandle.current().pid());
            sleepUntil(toMicros);
            double cpu = ProcessStats.cpuSeconds(ProcessHandle.current().pid()) - cpuAtStart;
            sleepUntil(toMicros + settings.typingMillis() * 1000L + 100_000);
            clock.shutdownNow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((world.counters().inFlight.sum() > 0 || reconnecting.get() > 0) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            return cpu;
        } finally {
            clock.shutdownNow();
        }
    }

    /** The next message of a user: Poisson arrivals; typing first, the message {@code typingMillis} later. */
    private void scheduleNext(ScheduledExecutorService clock, SimulatedUser user, UsersWorld world, long toMicros) {
        double perSecond = settings.perMinute() / 60.0;
        long waitMicros = (long) (-Math.log(1 - world.random().nextDouble()) / perSecond * 1e6);
        if (UsersWorld.epochMicros() + waitMicros >= toMicros) {
            return;
        }
        clock.schedule(() -> {
            SimulatedUser.Room room = pickRoom(user, world);
            user.startTyping(room);
            clock.schedule(() -> user.send(room), settings.typingMillis(), TimeUnit.MILLISECONDS);
            scheduleNext(clock, user, world, toMicros);
        }, waitMicros, TimeUnit.MICROSECONDS);
    }

    /** A room of everyone rarely, a medium room sometimes, else one of the small ones. */
    private SimulatedUser.Room pickRoom(SimulatedUser user, UsersWorld world) {
        double r = world.random().nextDouble();
        var small = new ArrayList<SimulatedUser.Room>(2);
        SimulatedUser.Room everyone = null;
        SimulatedUser.Room medium = null;
        for (var room : user.rooms()) {
            switch (room.kind()) {
                case EVERYONE -> everyone = room;
                case MEDIUM -> medium = room;
                case SMALL -> small.add(room);
            }
        }
        if (r < settings.everyoneShare() || small.isEmpty() && medium == null) {
            return everyone;
        }
        if (medium != null && (r < settings.everyoneShare() + settings.mediumShare() || small.isEmpty())) {
            return medium;
        }
        return small.get(world.random().nextInt(small.size()));
    }

    /** Each second, {@code churnPerMinute / 60} of the users drop their connection and come back. */
    private void churn(List<SimulatedUser> users, UsersWorld world, double[] carry, long toMicros) {
        if (UsersWorld.epochMicros() >= toMicros) {
            return;
        }
        carry[0] += settings.churnPerMinute() / 60.0 * users.size();
        while (carry[0] >= 1) {
            carry[0] -= 1;
            SimulatedUser user = users.get(world.random().nextInt(users.size()));
            if (!user.connected()) {
                continue;
            }
            world.counters().reconnects.increment();
            reconnecting.incrementAndGet();
            user.reconnect().orTimeout(60, TimeUnit.SECONDS).whenComplete((x, e) -> {
                reconnecting.decrementAndGet();
                if (e != null) {
                    world.counters().reconnectFailed.increment();
                    world.counters().failed(e);
                }
            });
        }
    }

    /**
     * Every generator has stopped sending: each user must have each of its rooms up to the room's last seq. Waits for
     * what is still on its way (up to 60 s, or 10 s without progress); returns the messages never had.
     */
    private long drain(List<SimulatedUser> users, UsersWorld world) {
        var roomIds = new LinkedHashSet<String>();
        users.forEach(u -> {
            for (var room : u.rooms()) {
                roomIds.add(room.id());
            }
        });
        Map<String, Long> last = world.rest().lastSeqs(new ArrayList<>(roomIds));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long missing = Long.MAX_VALUE;
        long progressAt = System.nanoTime();
        while (true) {
            long now = 0;
            for (SimulatedUser user : users) {
                if (!user.connected()) {
                    continue; // never started (counted as such) or its reconnect failed (counted too)
                }
                for (var room : user.rooms()) {
                    now += room.seqs().missing(last.get(room.id()));
                }
            }
            if (now < missing) {
                missing = now;
                progressAt = System.nanoTime();
            }
            if (missing == 0 || System.nanoTime() > deadline || System.nanoTime() - progressAt > 10_000_000_000L) {
                return missing;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private void say(PrintWriter out, String what, Map<String, ?> body) throws IOException {
        out.println(LINE + what + " " + json.writeValueAsString(body));
        out.flush();
    }

    private static String expect(BufferedReader in, String command) throws IOException {
        String line = in.readLine();
        if (line == null || !line.startsWith(command)) {
            throw new IllegalStateException("expected '" + command + "' from the coordinator, got " + line);
        }
        return line;
    }

    private static void sleepUntil(long epochMicros) {
        long wait;
        while ((wait = epochMicros - UsersWorld.epochMicros()) > 0) {
            LockSupport.parkNanos(wait * 1000);
        }
    }
}
