package chat.parley.testing;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The case: a test whose classpath has the application's own hivemq-mqtt-client 1.3.7 and its older Netty,
 * and none of the server's libraries, uses a Parley server over MQTT, WebSocket and HTTP.
 */
@ExtendWith(ParleyExtension.class)
class ParleyExtensionIT {

    private static RunningParley fromBeforeAll;

    @BeforeAll
    static void remember(RunningParley parley) {
        fromBeforeAll = parley;
    }

    @Test
    void the_server_and_its_libraries_are_not_on_the_test_classpath() {
        assertThatThrownBy(() -> Class.forName("chat.parley.ParleyServer")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.hivemq.embedded.EmbeddedHiveMQ"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.javalin.Javalin")).isInstanceOf(ClassNotFoundException.class);
        assertThat(io.netty.util.Version.identify().get("netty-common").artifactVersion()).isEqualTo("4.1.122.Final");
    }

    @Test
    void the_applications_own_mqtt_client_talks_to_it_over_tcp_and_websocket(RunningParley parley) throws Exception {
        Mqtt5BlockingClient tcp = Mqtt.connect(parley);
        Mqtt5BlockingClient ws = Mqtt.connectOverWebSocket(parley);
        try {
            assertThat(Mqtt.roundTrip(ws, tcp, "sensors/kitchen", "21.5")).contains("21.5");
            assertThat(Mqtt.roundTrip(tcp, ws, "sensors/hall", "19.0")).contains("19.0");
        } finally {
            tcp.disconnect();
            ws.disconnect();
        }
    }

    @Test
    void the_web_api_answers_and_the_admin_token_opens_the_admin_api(RunningParley parley) {
        assertThat(Http.get(parley.httpUrl() + "/api/health").body()).contains("\"status\":\"up\"");
        assertThat(Http.get(parley.httpUrl() + "/api/admin/stats").statusCode()).isEqualTo(401);
        assertThat(Http.get(parley.httpUrl() + "/api/admin/stats", "Authorization", "Bearer " + parley.adminToken())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void the_data_dir_is_the_servers_own_temp_dir(RunningParley parley) {
        assertThat(parley.dataDir()).isDirectory();
        assertThat(parley.dataDir().getFileName().toString()).startsWith("parley-ephemeral");
        assertThat(Files.exists(parley.dataDir().resolve("parley.db"))).isTrue();
    }

    @Test
    void one_server_serves_the_whole_class(RunningParley parley) {
        assertThat(parley).isSameAs(fromBeforeAll);
        assertThat(parley.isAlive()).isTrue();
    }

    @Nested
    class NestedClasses {

        @Test
        void share_the_outer_class_server(RunningParley parley) {
            assertThat(parley).isSameAs(fromBeforeAll);
        }
    }
}
