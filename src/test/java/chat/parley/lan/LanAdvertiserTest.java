package chat.parley.lan;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** mDNS advertisement and browsing, on the loopback interface only (nothing goes out to the LAN). */
class LanAdvertiserTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void a_second_mdns_instance_on_loopback_finds_the_advertised_server() {
        var advert = new LanAdvertiser.Advert("Lab chat", 18080, 11883, 18000, "/mqtt", "9.9.9", "open", false);
        List<DiscoveredServer> found;
        try (var advertiser = LanAdvertiser.start(LOOPBACK, advert)) {
            assertThat(advertiser.awaitRegistered(10_000)).isTrue();
            // Probing and announcing take a few seconds after registering; a browser asks again until then. Servers
            // of other test classes running at the same time may be found too.
            found = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                    .until(() -> Discovery.browse(LOOPBACK, Duration.ofSeconds(2)),
                            list -> list.stream().anyMatch(s -> s.httpPort() == 18080));
        }
        DiscoveredServer lab = found.stream().filter(s -> s.httpPort() == 18080).findFirst().orElseThrow();
        assertThat(lab).isEqualTo(new DiscoveredServer("Lab chat", "127.0.0.1", 18080, 11883, 18000, "/mqtt",
                "9.9.9", "open", false));
        assertThat(lab.webUrl()).isEqualTo("http://127.0.0.1:18080/");
        assertThat(lab.mqttUrl()).isEqualTo("mqtt://127.0.0.1:11883");
    }

    @Test
    void the_parley_record_carries_version_auth_tls_path_and_the_mqtt_ports() {
        var advert = new LanAdvertiser.Advert("x", 1, 2, 3, "/mqtt", "0.1.0", "accounts", false);
        assertThat(LanAdvertiser.parleyText(advert)).containsEntry("version", "0.1.0").containsEntry("auth", "accounts")
                .containsEntry("tls", "false").containsEntry("path", "/").containsEntry("mqtt", "2")
                .containsEntry("ws", "3").containsEntry("ws-path", "/mqtt");
    }

    @Test
    void with_tls_next_to_plain_listeners_the_parley_record_adds_the_tls_ports() {
        var advert = new LanAdvertiser.Advert("x", 1, 2, 3, "/mqtt", "0.1.0", "open", false, 8443, 8883, 8884);
        assertThat(LanAdvertiser.parleyText(advert)).containsEntry("tls", "false").containsEntry("https", "8443")
                .containsEntry("mqtts", "8883").containsEntry("wss", "8884");
        assertThat(LanAdvertiser.parleyText(new LanAdvertiser.Advert("x", 1, 2, 3, "/mqtt", "0.1.0", "open", true)))
                .doesNotContainKey("https");
    }

    @Test
    void the_mdns_host_name_is_a_plain_label() {
        assertThat(LanAdvertiser.hostName()).matches("[a-z0-9][a-z0-9-]*");
    }
}
