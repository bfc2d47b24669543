package com.example.sensors;

import chat.parley.testing.ParleyExtension;
import chat.parley.testing.RunningParley;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's MQTT code against a Parley broker, over WebSocket. */
@ExtendWith(ParleyExtension.class)
class WebSocketReadingTest {

    @Test
    void publishes_a_reading_over_websocket(RunningParley parley) throws Exception {
        try (var readings = new Readings(parley);
             var publisher = ReadingPublisher.overWebSocket("127.0.0.1", parley.wsPort())) {
            publisher.publish("hall", 19.0);
            assertEquals("sensors/hall=19.0", readings.next());
        }
    }

    @Test
    void runs_its_server_while_the_tcp_class_runs_its_own(RunningParley parley) throws Exception {
        BothClassesAtOnce.meet("websocket", parley);
        RunningParley other = BothClassesAtOnce.SERVERS.get("tcp");
        assertTrue(parley.isAlive() && other.isAlive());
        assertNotEquals(parley.mqttPort(), other.mqttPort());
    }
}
