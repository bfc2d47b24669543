package chat.parley.testing;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Two servers in one class, both running at once and separate (HiveMQ allows one per JVM; here each has its own). */
class SeveralServersIT {

    @RegisterExtension
    static ParleyExtension siteA = new ParleyExtension().withSetting("name", "Site A");

    @RegisterExtension
    static ParleyExtension siteB = new ParleyExtension().withSetting("name", "Site B");

    @Test
    void both_run_on_their_own_ports_with_their_own_settings() {
        RunningParley a = siteA.server();
        RunningParley b = siteB.server();
        assertThat(a.isAlive()).isTrue();
        assertThat(b.isAlive()).isTrue();
        assertThat(a.mqttPort()).isNotEqualTo(b.mqttPort());
        assertThat(Http.get(a.httpUrl() + "/api/info").body()).contains("\"name\":\"Site A\"");
        assertThat(Http.get(b.httpUrl() + "/api/info").body()).contains("\"name\":\"Site B\"");
    }

    @Test
    void a_message_on_one_stays_there() throws Exception {
        Mqtt5BlockingClient onA = Mqtt.connect(siteA.server());
        Mqtt5BlockingClient onB = Mqtt.connect(siteB.server());
        Mqtt5BlockingClient alsoOnA = Mqtt.connect(siteA.server());
        try (var atB = onB.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            onB.subscribeWith().topicFilter("alerts").send();
            assertThat(Mqtt.roundTrip(alsoOnA, onA, "alerts", "fire drill")).contains("fire drill");
            assertThat(atB.receiveNow()).isEmpty();
        } finally {
            onA.disconnect();
            onB.disconnect();
            alsoOnA.disconnect();
        }
    }
}
