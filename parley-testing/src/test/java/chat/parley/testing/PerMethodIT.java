package chat.parley.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code perMethod()}: every test gets a server of its own, and the one before it stops. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerMethodIT {

    @RegisterExtension
    static ParleyExtension parley = new ParleyExtension().perMethod();

    private static final List<RunningParley> SEEN = new ArrayList<>();

    @Test
    @Order(1)
    void first(RunningParley server) {
        assertThat(server).isSameAs(parley.server());
        SEEN.add(server);
    }

    @Test
    @Order(2)
    void second(RunningParley server) {
        RunningParley before = SEEN.get(0);
        assertThat(server).isNotSameAs(before);
        assertThat(server.mqttPort()).isNotEqualTo(before.mqttPort());
        assertThat(server.dataDir()).isNotEqualTo(before.dataDir());
        await().atMost(Duration.ofSeconds(60)).until(() -> !before.isAlive());
        assertThat(before.dataDir()).doesNotExist();
        SEEN.add(server);
    }

    @AfterAll
    static void the_last_one_stops_too() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !SEEN.get(1).isAlive());
    }
}
