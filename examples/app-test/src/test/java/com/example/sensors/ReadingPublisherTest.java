package com.example.sensors;

import chat.parley.testing.ParleyExtension;
import chat.parley.testing.RunningParley;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's MQTT code against a Parley broker, over TCP. */
@ExtendWith(ParleyExtension.class)
class ReadingPublisherTest {

    @Test
    void publishes_a_reading_over_tcp(RunningParley parley) throws Exception {
        try (var readings = new Readings(parley);
             var publisher = ReadingPublisher.overTcp("127.0.0.1", parley.mqttPort())) {
            publisher.publish("kitchen", 21.5);
            assertEquals("sensors/kitchen=21.5", readings.next());
        }
    }

    @Test
    void its_reactor_netty_health_probe_reaches_the_web_api(RunningParley parley) {
        assertEquals(200, HealthProbe.status(parley.httpUrl() + "/api/health"));
    }

    @Test
    void runs_its_server_while_the_websocket_class_runs_its_own(RunningParley parley) throws Exception {
        BothClassesAtOnce.meet("tcp", parley);
        RunningParley other = BothClassesAtOnce.SERVERS.get("websocket");
        assertTrue(parley.isAlive() && other.isAlive());
        assertNotEquals(parley.mqttPort(), other.mqttPort());
    }
}
