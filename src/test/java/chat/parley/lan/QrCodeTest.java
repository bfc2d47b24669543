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
