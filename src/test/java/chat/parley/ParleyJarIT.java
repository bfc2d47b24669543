package chat.parley;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The runnable jar itself, run as a separate process the way a user runs it. */
class ParleyJarIT {

    @TempDir
    Path dir;

    @Test
    void jar_prints_its_urls_serves_health_and_exits_0_on_sigterm() {
        try (var parley = ParleyProcess.launch("--http-port", "0", "--mqtt-port", "0", "--ws-port", "0",
                "--data-dir", dir.resolve("data").toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> parley.stdout().contains("Press Ctrl-C to stop."));
            String banner = parley.stdout();
            Matcher web = Pattern.compile("Web {3}http://localhost:(\\d+)/").matcher(banner);
            assertThat(web.find()).as(banner).isTrue();
            int httpPort = Integer.parseInt(web.group(1));
            assertThat(banner).containsPattern("MQTT  mqtt://localhost:\\d+   ws://localhost:\\d+/mqtt");
            assertThat(banner).contains("Data  " + dir.resolve("data").toAbsolutePath());
            for (String lanHost : StartupBanner.lanHosts("0.0.0.0")) {
                assertThat(banner).contains("http://" + lanHost + ":" + httpPort + "/   (LAN)");
            }

            RestAssured.given().port(httpPort).get("/api/health").then().statusCode(200).body("status", equalTo("up"));

            assertThat(parley.stop()).isZero();
            assertThat(parley.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void two_servers_run_side_by_side_as_processes_and_stay_apart() {
        try (var a = ParleyProcess.start(dir.resolve("a")); var b = ParleyProcess.start(dir.resolve("b"))) {
            assertThat(a.mqttPort()).isNotEqualTo(b.mqttPort());
            var listenerOnB = Mqtt.v5(b.mqttPort(), "bob");
            var inboxB = Mqtt.subscribe(listenerOnB, "parley/rooms/general/messages");
            var listenerOnA = Mqtt.v5(a.mqttPort(), "ann");
            var inboxA = Mqtt.subscribe(listenerOnA, "parley/rooms/general/messages");

            Mqtt.join(Mqtt.v5(a.mqttPort(), "alice").publishWith().topic("parley/rooms/general/messages")
                    .qos(MqttQos.AT_LEAST_ONCE).payload("only on a".getBytes()).send());

            await().atMost(Duration.ofSeconds(10)).until(() -> inboxA.size() == 1);
            assertThat(inboxB).isEmpty();
            assertThat(a.stop()).isZero();
            assertThat(b.stop()).isZero();
        }
    }

    @Test
    void port_in_use_exits_1_with_one_line_naming_the_flag() throws IOException {
        try (var busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             var parley = ParleyProcess.launch("--bind", "127.0.0.1", "--http-port", String.valueOf(busy.getLocalPort()),
                     "--mqtt-port", "0", "--ws-port", "0", "--data-dir", dir.toString())) {
            assertThat(parley.waitForExit()).isEqualTo(1);
            assertThat(parley.stderr().lines()).containsExactly("parley: HTTP port " + busy.getLocalPort()
                    + " is already in use on 127.0.0.1; choose another with --http-port");
        }
    }

    @Test
    void bad_config_exits_2_with_one_line_naming_the_setting() {
        try (var parley = ParleyProcess.launch("--ws-port", "-1", "--data-dir", dir.toString())) {
            assertThat(parley.waitForExit()).isEqualTo(2);
            assertThat(parley.stderr().lines()).containsExactly(
                    "parley: ws-port: must be a port number from 0 to 65535, got '-1' (from --ws-port)");
        }
    }

    @Test
    void print_ports_reports_bound_ports_and_exits_when_stdin_closes() throws IOException {
        var parley = ParleyProcess.start(dir);
        RestAssured.given().port(parley.httpPort()).get("/api/info").then()
                .statusCode(200).body("mqtt.port", equalTo(parley.mqttPort())).body("ws.port", equalTo(parley.wsPort()));
        parley.process().getOutputStream().close();
        assertThat(parley.waitForExit()).isZero();
    }
}
