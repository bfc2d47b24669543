package chat.parley.web;

import chat.parley.Mqtt;
import chat.parley.ParleyProcess;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The jar restarted mid-conversation on the same ports and data dir: the page reconnects and catches up once. */
class ServerRestartBrowserIT {

    @TempDir
    Path data;

    private static void publish(Mqtt5AsyncClient client, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void thePageReconnectsAfterARestartAndShowsTheMessagesSentMeanwhileOnceEach() {
        Browser.requireChromium();
        var first = ParleyProcess.start(data);
        int http = first.httpPort();
        int mqtt = first.mqttPort();
        int ws = first.wsPort();
        try (var alice = Browser.open("http://127.0.0.1:" + http, "/#/r/ops").join("alice")) {
            var bot = Mqtt.v5(mqtt, "bot");
            publish(bot, "before the restart");
            alice.waitForMessage("before the restart");

            assertThat(first.stop()).isZero();
            alice.waitUntil(d -> !"connected".equals(alice.connectionState()));
            assertThat(alice.bannerText()).contains("Reconnecting");

            try (var second = ParleyProcess.launch("--print-ports", "--bind", "127.0.0.1",
                    "--http-port", String.valueOf(http), "--mqtt-port", String.valueOf(mqtt),
                    "--ws-port", String.valueOf(ws), "--data-dir", data.toString())) {
                var bot2 = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> Mqtt.v5(mqtt, "bot"), c -> c != null);
                publish(bot2, "while you were away 1");
                publish(bot2, "while you were away 2");
                alice.waitConnected();
                alice.waitForMessage("while you were away 2");
                publish(bot2, "after the restart");
                alice.waitForMessage("after the restart");

                assertThat(alice.messageTexts()).containsExactly("before the restart", "while you were away 1",
                        "while you were away 2", "after the restart");
                bot2.disconnect();
            }
        } finally {
            first.close();
        }
    }
}
