package chat.parley.lan;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads QR codes back (with ZXing's decoder) from the SVG and terminal drawings, as a phone camera would. */
public final class QrDecoder {

    private static final Pattern SVG_MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");

    private QrDecoder() {
    }

    /** The text of a QR code drawn by {@link QrCode#toSvg()}. */
    public static String decodeSvg(String svg) {
        Matcher box = VIEW_BOX.matcher(svg);
        if (!box.find()) {
            throw new IllegalArgumentException("no viewBox in " + svg);
        }
        int side = Integer.parseInt(box.group(1));
        boolean[][] dark = new boolean[side][side];
        Matcher module = SVG_MODULE.matcher(svg);
        while (module.find()) {
            dark[Integer.parseInt(module.group(2))][Integer.parseInt(module.group(1))] = true;
        }
        return decode(dark);
    }

    /** The text of a QR code drawn with half blocks by {@link QrCode#toTerminal()} (a blank is a dark module). */
    public static String decodeTerminal(String text) {
        List<String> lines = text.lines().filter(line -> !line.isEmpty()).toList();
        int width = lines.get(0).length();
        var rows = new ArrayList<boolean[]>();
        for (String line : lines) {
            boolean[] top = new boolean[width];
            boolean[] bottom = new boolean[width];
            for (int x = 0; x < width; x++) {
                char c = x < line.length() ? line.charAt(x) : ' ';
                top[x] = c == ' ' || c == '▄';
                bottom[x] = c == ' ' || c == '▀';
            }
            rows.add(top);
            rows.add(bottom);
        }
        return decode(rows.toArray(boolean[][]::new));
    }

    /**
     * Renders modules at 4 pixels each inside a white margin and decodes them as a pure (synthetic) code: with
     * TRY_HARDER instead, ZXing's finder-pattern search misses about 1 in 20 perfect codes.
     */
    static String decode(boolean[][] dark) {
        int scale = 4;
        int margin = 4 * scale;
        int height = dark.length * scale + 2 * margin;
        int width = dark[0].length * scale + 2 * margin;
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, 0xFFFFFF);
        for (int y = 0; y < dark.length; y++) {
            for (int x = 0; x < dark[y].length; x++) {
                if (dark[y][x]) {
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            pixels[(margin + y * scale + dy) * width + margin + x * scale + dx] = 0;
                        }
                    }
                }
            }
        }
        try {
            var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (Exception e) {
            throw new AssertionError("not a readable QR code: " + e, e);
        }
    }
}
