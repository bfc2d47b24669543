package chat.parley.files;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Pictures made for tests: ordinary images, a photo with a GPS position, and a decompression bomb. */
public final class TestImages {

    private TestImages() {
    }

    /** A picture with a red left half and a blue right half, encoded as {@code format} (png, jpeg, gif). */
    public static byte[] picture(String format, int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG carrying an EXIF GPS position (Reykjavík) and orientation 6 (shown turned 90° clockwise). */
    public static byte[] photoWithLocation(int width, int height) {
        try {
            var set = new TiffOutputSet();
            set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
            set.setGpsInDegrees(-21.9426, 64.1466);
            var out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(picture("jpeg", width, height), out, set);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a JPEG carries a GPS directory in its EXIF. */
    public static boolean hasGps(byte[] jpeg) throws IOException {
        return Imaging.getMetadata(jpeg) instanceof JpegImageMetadata meta && meta.getExif() != null
                && meta.getExif().findDirectory(TiffDirectoryConstants.DIRECTORY_TYPE_GPS) != null;
    }

    /** A JPEG's EXIF orientation, or 0 without one. */
    public static int orientation(byte[] jpeg) throws IOException {
        if (Imaging.getMetadata(jpeg) instanceof JpegImageMetadata meta) {
            var field = meta.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION);
            return field == null ? 0 : field.getIntValue();
        }
        return 0;
    }

    /**
     * A valid PNG of {@code side} × {@code side} black pixels (1 bit each), a few hundred KB that decode to
     * {@code side²} pixels: a decompression bomb. Written row by row, so making it takes little memory.
     */
    public static byte[] pngBomb(int side) {
        try {
            var out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            var header = new ByteArrayOutputStream();
            var h = new DataOutputStream(header);
            h.writeInt(side);
            h.writeInt(side);
            h.write(new byte[] {1, 0, 0, 0, 0}); // bit depth 1, greyscale, deflate, filter 0, no interlace
            chunk(out, "IHDR", header.toByteArray());
            var compressed = new ByteArrayOutputStream();
            try (var deflate = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
                byte[] row = new byte[1 + (side + 7) / 8]; // filter byte 0, then zeros
                for (int y = 0; y < side; y++) {
                    deflate.write(row);
                }
            }
            chunk(out, "IDAT", compressed.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        var d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        d.write(name);
        d.write(data);
        var crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
