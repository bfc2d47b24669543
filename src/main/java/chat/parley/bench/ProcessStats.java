package chat.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from Linux's {@code /proc}; zeros where it cannot be read. */
final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** User + system CPU time of the process, in seconds. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident set size ({@code VmRSS}) in megabytes. */
    static double rssMegabytes(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** CPU use of both processes over a measured interval, as percent of one core. */
    record Cpu(long serverPid, double serverStart, double benchStart, long startNanos) {

        static Cpu start(long serverPid) {
            return new Cpu(serverPid, cpuSeconds(serverPid), cpuSeconds(ProcessHandle.current().pid()),
                    System.nanoTime());
        }

        /** {@code broker N % / load generator M %} (of one core), or only the generator without a broker pid. */
        String summary(boolean sameProcess) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double bench = (cpuSeconds(ProcessHandle.current().pid()) - benchStart) / seconds * 100;
            if (sameProcess) {
                return String.format(java.util.Locale.ROOT, "broker+load %.0f%% (one process)", bench);
            }
            if (serverPid <= 0) {
                return String.format(java.util.Locale.ROOT, "load %.0f%%", bench);
            }
            double server = (cpuSeconds(serverPid) - serverStart) / seconds * 100;
            return String.format(java.util.Locale.ROOT, "broker %.0f%% / load %.0f%%", server, bench);
        }
    }
}
