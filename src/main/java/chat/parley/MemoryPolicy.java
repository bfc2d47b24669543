package chat.parley;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets a running server give heap it no longer needs back to the operating system (JEP 346). A connect storm of
 * thousands of clients makes G1 grow the heap to several times what the connections keep alive, and by default G1
 * keeps it committed for good: 10,000 idle chat clients held 661–674 MB RSS with 150 MB live. With these settings the
 * same server settles at ~400 MB: after {@value #IDLE_GC_MILLIS} ms without a collection G1 runs a concurrent cycle,
 * and it shrinks the heap whenever more than {@value #MAX_FREE_PERCENT} % of it is free.
 *
 * <p>{@code java -jar parley.jar} cannot carry JVM options, but these are "manageable": the process sets them on
 * itself at start. An option the operator set on the command line ({@code -XX:MaxHeapFreeRatio=…}) is left alone, and
 * nothing is changed under another collector.
 */
final class MemoryPolicy {

    static final long IDLE_GC_MILLIS = 10_000;
    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 30;

    private static final Logger log = LoggerFactory.getLogger(MemoryPolicy.class);

    private MemoryPolicy() {
    }

    /** Applies the policy to this JVM; returns what it set (empty when G1 is not in use or the operator set all). */
    static Map<String, String> apply() {
        if (!usesG1(ManagementFactory.getGarbageCollectorMXBeans())) {
            return Map.of();
        }
        var applied = apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
        if (!applied.isEmpty()) {
            log.debug("memory policy: {}", applied);
        }
        return applied;
    }

    /** Sets each option the operator did not set; the minimum goes first so it never exceeds the maximum. */
    static Map<String, String> apply(HotSpotDiagnosticMXBean vm) {
        var wanted = new LinkedHashMap<String, String>();
        wanted.put("MinHeapFreeRatio", String.valueOf(MIN_FREE_PERCENT));
        wanted.put("MaxHeapFreeRatio", String.valueOf(MAX_FREE_PERCENT));
        wanted.put("G1PeriodicGCInterval", String.valueOf(IDLE_GC_MILLIS));
        var applied = new LinkedHashMap<String, String>();
        for (var option : wanted.entrySet()) {
            VMOption current = vm.getVMOption(option.getKey());
            if (current.getOrigin() == VMOption.Origin.DEFAULT && current.isWriteable()) {
                try {
                    vm.setVMOption(option.getKey(), option.getValue());
                    applied.put(option.getKey(), option.getValue());
                } catch (IllegalArgumentException e) { // e.g. a maximum the operator set below our minimum
                    log.debug("memory policy: {} left at {}: {}", option.getKey(), current.getValue(), e.getMessage());
                }
            }
        }
        return applied;
    }

    private static boolean usesG1(List<GarbageCollectorMXBean> collectors) {
        return collectors.stream().anyMatch(gc -> gc.getName().startsWith("G1"));
    }
}
