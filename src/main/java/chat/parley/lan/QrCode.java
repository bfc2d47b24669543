package chat.parley.lan;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A QR code of a short text (a URL), drawn as SVG for the web page or with Unicode half blocks for a terminal.
 * Encoded by ZXing with error correction level M, which phones read reliably from a screen.
 */
public final class QrCode {

    /** Quiet zone around an SVG code, in modules (the standard's 4). */
    static final int SVG_QUIET_ZONE = 4;
    /** Quiet zone around a terminal code, in modules: 2 keeps it short and scans fine from a screen. */
    static final int TERMINAL_QUIET_ZONE = 2;

    private final boolean[][] dark;

    private QrCode(boolean[][] dark) {
        this.dark = dark;
    }

    /**
     * Encodes {@code text} as UTF-8.
     *
     * @throws IllegalArgumentException when the text is too long for a QR code
     */
    public static QrCode of(String text) {
        Objects.requireNonNull(text, "text must not be null.");
        ByteMatrix matrix;
        try {
            matrix = Encoder.encode(text, ErrorCorrectionLevel.M,
                    Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name())).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code: " + e.getMessage(), e);
        }
        int size = matrix.getWidth();
        boolean[][] dark = new boolean[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                dark[y][x] = matrix.get(x, y) == 1;
            }
        }
        return new QrCode(dark);
    }

    /** Modules per side, without the quiet zone. */
    public int size() {
        return dark.length;
    }

    /** Whether the module at column {@code x}, row {@code y} is dark. */
    public boolean isDark(int x, int y) {
        return dark[y][x];
    }

    /** A standalone SVG document: black modules on a white square, 1 user unit per module, scalable. */
    public String toSvg() {
        int side = size() + 2 * SVG_QUIET_ZONE;
        var path = new StringBuilder();
        for (int y = 0; y < size(); y++) {
            for (int x = 0; x < size(); x++) {
                if (dark[y][x]) {
                    path.append('M').append(x + SVG_QUIET_ZONE).append(',').append(y + SVG_QUIET_ZONE)
                            .append("h1v1h-1z");
                }
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + side + " " + side
                + "\" width=\"" + side * 8 + "\" height=\"" + side * 8 + "\" shape-rendering=\"crispEdges\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
                + "<path fill=\"#000000\" d=\"" + path + "\"/>\n"
                + "</svg>\n";
    }

    /**
     * Lines of Unicode half blocks, two module rows per line. Light modules (and the quiet zone) are drawn in the
     * terminal's text colour and dark ones are left blank, so the code has the right polarity on the usual dark
     * background (on a light one it comes out inverted, which phone cameras read too). No escape codes: it stays
     * readable when the output goes to a log file.
     */
    public String toTerminal() {
        int side = size() + 2 * TERMINAL_QUIET_ZONE;
        var out = new StringBuilder();
        for (int row = 0; row < side; row += 2) {
            for (int col = 0; col < side; col++) {
                boolean top = light(col, row);
                boolean bottom = row + 1 >= side || light(col, row + 1);
                out.append(top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private boolean light(int col, int row) {
        int x = col - TERMINAL_QUIET_ZONE;
        int y = row - TERMINAL_QUIET_ZONE;
        return x < 0 || y < 0 || x >= size() || y >= size() || !dark[y][x];
    }
}
