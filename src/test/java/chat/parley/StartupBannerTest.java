package chat.parley;

import chat.parley.lan.QrDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupBannerTest {

    @Test
    void the_join_qr_code_in_the_banner_decodes_back_to_the_lan_url() {
        String block = StartupBanner.joinQr("http://192.168.1.20:8080/");
        assertThat(block.lines().findFirst()).contains("Scan to join http://192.168.1.20:8080/");
        String code = block.substring(block.indexOf(System.lineSeparator()) + System.lineSeparator().length());
        assertThat(QrDecoder.decodeTerminal(code)).isEqualTo("http://192.168.1.20:8080/");
    }

    @Test
    void no_lan_hosts_are_listed_for_a_loopback_or_a_specific_bind() {
        assertThat(StartupBanner.lanHosts("127.0.0.1")).isEmpty();
        assertThat(StartupBanner.lanHosts("10.1.2.3")).isEmpty();
    }
}
