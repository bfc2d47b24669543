package chat.parley.cli;

import chat.parley.Mqtt;
import chat.parley.ParleyProcess;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The jar restarted under a running terminal client: it reconnects by itself, as the same user, and shows what it
 * missed, once each.
 */
class ChatReconnectIT {

    @TempDir
    Path data;

    @TempDir
    Path config;

    private static void publish(Mqtt5AsyncClient client, String text) {
        Mqtt.join(client.publishWith().topic("parley/rooms/ops/messages").qos(MqttQos.AT_LEAST_ONCE)
                .payload(text.getBytes(StandardCharsets.UTF_8)).send());
    }

    @Test
    void the_client_reconnects_after_a_server_restart_and_shows_the_missed_messages_once_each() {
        var first = ParleyProcess.start(data);
        int http = first.httpPort();
        int mqtt = first.mqttPort();
        int ws = first.wsPort();
        var options = ChatOptions.server(URI.create("http://127.0.0.1:" + http), "alice", "ops", config);
        try (var alice = CliRun.start(options)) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                alice.line("/who");
                return alice.out().contains("alice");
            });
            var bot = Mqtt.v5(mqtt, "bot");
            publish(bot, "before the restart");
            alice.waitForOut("bot: before the restart");

            assertThat(first.stop()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> alice.err().contains("connection lost"));
            alice.line("typed while offline"); // piped input waits for the connection, then sends

            try (var second = ParleyProcess.launch("--print-ports", "--bind", "127.0.0.1",
                    "--http-port", String.valueOf(http), "--mqtt-port", String.valueOf(mqtt),
                    "--ws-port", String.valueOf(ws), "--data-dir", data.toString())) {
                var bot2 = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> Mqtt.v5(mqtt, "bot"), c -> c != null);
                publish(bot2, "while you were away 1");
                publish(bot2, "while you were away 2");
                await().atMost(Duration.ofSeconds(60)).until(() -> alice.err().contains("reconnected"));
                alice.waitForOut("bot: while you were away 2");
                publish(bot2, "after the restart");
                alice.waitForOut("bot: after the restart");

                List<String> texts = alice.outLines().stream().filter(l -> l.contains(" bot: "))
                        .map(l -> l.substring(l.indexOf(" bot: ") + 6)).toList();
                assertThat(texts).containsExactly("before the restart", "while you were away 1",
                        "while you were away 2", "after the restart");
                // stored under alice's name: the reconnect presented her credentials, not just the client id
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    var run = CliRun.runWithInput(ChatOptions.server(URI.create("http://127.0.0.1:" + http),
                            "reader", "ops", config).withJson(true), "/history 10\n");
                    return run.outLines().stream().filter(l -> l.contains("typed while offline"))
                            .map(ChatClient::parseText).anyMatch(m -> m.path("from").asText().equals("alice"));
                });
                alice.line("after the reconnect");
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    var run = CliRun.runWithInput(ChatOptions.server(URI.create("http://127.0.0.1:" + http),
                            "reader", "ops", config).withJson(true), "/history 10\n");
                    return run.outLines().stream().filter(l -> l.contains("after the reconnect"))
                            .map(ChatClient::parseText).anyMatch(m -> m.path("from").asText().equals("alice"));
                });
                // and she is online again: the server published her presence for the reconnected connection
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    alice.line("/who");
                    return alice.outLines().stream().filter(l -> l.startsWith("online") || l.startsWith("nobody"))
                            .reduce((a, b) -> b).orElse("").contains("alice");
                });
                alice.endInput();
                assertThat(alice.waitForExit()).isZero();
                bot2.disconnect();
            }
        } finally {
            first.close();
        }
    }
}
