package chat.parley.lan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QrCodeTest {

    private static final String URL = "http://192.168.1.20:8080/#/r/k3x9q2m7tz4ba";

    @Test
    void the_svg_decodes_back_to_the_url() {
        String svg = QrCode.of(URL).toSvg();
        assertThat(svg).startsWith("<?xml").contains("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        assertThat(QrDecoder.decodeSvg(svg)).isEqualTo(URL);
    }

    @Test
    void the_terminal_drawing_decodes_back_to_the_url_and_uses_only_half_blocks() {
        String terminal = QrCode.of(URL).toTerminal();
        assertThat(terminal).matches("[█▀▄ \\n]+");
        assertThat(QrDecoder.decodeTerminal(terminal)).isEqualTo(URL);
    }

    @Test
    void every_invite_url_of_a_range_of_ports_decodes_back_both_as_svg_and_for_the_terminal() {
        // Ports are random in tests and differ per machine; 1 in 20 codes once failed to read back.
        for (int port = 30_000; port < 31_000; port++) {
            String url = "http://localhost:" + port + "/#/r/general";
            QrCode code = QrCode.of(url);
            assertThat(QrDecoder.decodeSvg(code.toSvg())).as("port %d", port).isEqualTo(url);
            assertThat(QrDecoder.decodeTerminal(code.toTerminal())).as("port %d", port).isEqualTo(url);
        }
    }

    @Test
    void the_terminal_drawing_is_small_enough_for_a_console() {
        String terminal = QrCode.of(URL).toTerminal();
        assertThat(terminal.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(45));
        assertThat(terminal.lines().count()).isLessThanOrEqualTo(23);
    }

    @Test
    void text_too_long_for_a_qr_code_is_refused() {
        assertThatThrownBy(() -> QrCode.of("x".repeat(5000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot encode a QR code");
    }
}
