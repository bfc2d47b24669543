package chat.parley;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process returns unused heap to the OS: G1's manageable options, set on the running JVM. Against a stand-in
 * for the JVM's option table, so this test JVM keeps its own settings; {@code ServerMemoryIT} checks a real server.
 */
class MemoryPolicyTest {

    @Test
    void a_jvm_on_defaults_gets_periodic_collections_and_a_heap_that_shrinks() {
        var vm = new FakeVm(Map.of());

        assertThat(MemoryPolicy.apply(vm)).containsExactly(Map.entry("MinHeapFreeRatio", "10"),
                Map.entry("MaxHeapFreeRatio", "30"), Map.entry("G1PeriodicGCInterval", "10000"));
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("30");
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getOrigin()).isEqualTo(VMOption.Origin.MANAGEMENT);
    }

    @Test
    void options_the_operator_set_are_left_alone() {
        var vm = new FakeVm(Map.of("MaxHeapFreeRatio", new VMOption("MaxHeapFreeRatio", "50", true,
                VMOption.Origin.VM_CREATION)));

        assertThat(MemoryPolicy.apply(vm)).containsOnlyKeys("MinHeapFreeRatio", "G1PeriodicGCInterval");
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("50");
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
    }

    /** The diagnostic bean's option table, with HotSpot's rule that the minimum free ratio may not pass the maximum. */
    private static final class FakeVm implements HotSpotDiagnosticMXBean {

        private final Map<String, VMOption> options = new HashMap<>(Map.of(
                "MinHeapFreeRatio", new VMOption("MinHeapFreeRatio", "40", true, VMOption.Origin.DEFAULT),
                "MaxHeapFreeRatio", new VMOption("MaxHeapFreeRatio", "70", true, VMOption.Origin.DEFAULT),
                "G1PeriodicGCInterval", new VMOption("G1PeriodicGCInterval", "0", true, VMOption.Origin.DEFAULT)));

        FakeVm(Map<String, VMOption> set) {
            options.putAll(set);
        }

        @Override
        public VMOption getVMOption(String name) {
            return options.get(name);
        }

        @Override
        public void setVMOption(String name, String value) {
            int min = Integer.parseInt(name.equals("MinHeapFreeRatio") ? value : options.get("MinHeapFreeRatio").getValue());
            int max = Integer.parseInt(name.equals("MaxHeapFreeRatio") ? value : options.get("MaxHeapFreeRatio").getValue());
            if (min > max) {
                throw new IllegalArgumentException("MinHeapFreeRatio must be at most MaxHeapFreeRatio");
            }
            options.put(name, new VMOption(name, value, true, VMOption.Origin.MANAGEMENT));
        }

        @Override
        public List<VMOption> getDiagnosticOptions() {
            return List.copyOf(options.values());
        }

        @Override
        public void dumpHeap(String outputFile, boolean live) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectName getObjectName() {
            throw new UnsupportedOperationException();
        }
    }
}
