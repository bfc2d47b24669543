package chat.parley.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings reach the server as flags; accounts are made before the first test and turn on {@code auth: accounts}. */
class OptionsIT {

    @RegisterExtension
    static ParleyExtension parley = new ParleyExtension()
            .withSetting("name", "Sensor lab")
            .withSetting("max-text-chars", "100")
            .withUser("alice", "correct horse battery")
            .withUser("bob", "staple \"quoted\" \\ battery");

    @Test
    void settings_are_the_servers() {
        String info = Http.get(parley.server().httpUrl() + "/api/info").body();
        assertThat(info).contains("\"name\":\"Sensor lab\"", "\"maxTextChars\":100", "\"auth\":\"accounts\"");
    }

    @Test
    void the_accounts_exist_and_sign_in_over_mqtt() throws Exception {
        assertThat(Http.get(parley.server().httpUrl() + "/api/admin/users", "Authorization",
                "Bearer " + parley.server().adminToken()).body()).contains("\"alice\"", "\"bob\"");
        connect("alice", "correct horse battery").disconnect();
        connect("bob", "staple \"quoted\" \\ battery").disconnect();
        assertThatThrownBy(() -> connect("alice", "wrong password"))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");
    }

    private static Mqtt5BlockingClient connect(String user, String password) throws Exception {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(user + "-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(parley.server().mqttPort()).buildBlocking();
        client.toAsync().connectWith().simpleAuth().username(user)
                .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send().get(10, TimeUnit.SECONDS);
        return client;
    }
}
