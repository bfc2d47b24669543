package chat.parley.files;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Takes where a photo was taken out of it, losslessly (no pixel is re-encoded): a JPEG loses its EXIF GPS directory
 * (Apache Commons Imaging rewrites the EXIF; orientation, camera and time stay) and its XMP packets; a PNG its
 * {@code eXIf} chunk and XMP text; a WebP its {@code EXIF} and {@code XMP} chunks. Other formats are kept as sent.
 */
final class LocationStripper {

    private static final byte[] XMP = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XMP_EXTENSION = "http://ns.adobe.com/xmp/extension/\0"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private LocationStripper() {
    }

    /**
     * Writes {@code in} without location data to {@code out}.
     *
     * @return false when there was nothing to take out ({@code out} is then left as it was)
     */
    static boolean strip(Path in, Path out, String mime) throws IOException {
        return switch (mime) {
            case "image/jpeg" -> jpeg(in, out);
            case "image/png" -> png(in, out);
            case "image/webp" -> webp(in, out);
            default -> false;
        };
    }

    // ---- JPEG ----

    private static boolean jpeg(Path in, Path out) throws IOException {
        boolean hasXmp;
        try (var input = new DataInputStream(new BufferedInputStream(Files.newInputStream(in)))) {
            hasXmp = copyJpeg(input, OutputStream.nullOutputStream(), true);
        }
        TiffOutputSet exif;
        boolean unreadableExif = false;
        try {
            exif = exifWithoutGps(in);
        } catch (ImagingException | RuntimeException e) {
            exif = null;
            unreadableExif = true; // an EXIF we cannot read is removed whole: its GPS cannot be left in by mistake
        }
        if (!hasXmp && exif == null && !unreadableExif) {
            return false;
        }
        Path source = in;
        if (hasXmp) {
            try (var input = new DataInputStream(new BufferedInputStream(Files.newInputStream(in)));
                 var output = new BufferedOutputStream(Files.newOutputStream(out))) {
                copyJpeg(input, output, false);
            }
            source = out;
        }
        if (exif != null || unreadableExif) {
            byte[] bytes = Files.readAllBytes(source); // at most max-file-bytes: Commons Imaging wants it whole
            try (var output = new BufferedOutputStream(Files.newOutputStream(out))) {
                if (exif != null) {
                    new ExifRewriter().updateExifMetadataLossless(bytes, output, exif);
                } else {
                    new ExifRewriter().removeExifMetadata(bytes, output);
                }
            } catch (ImagingException e) {
                throw new IOException("cannot rewrite the photo's EXIF: " + e.getMessage(), e);
            }
        }
        return true;
    }

    /** The photo's EXIF without its GPS directory, or null when it has no GPS directory (or no EXIF). */
    private static TiffOutputSet exifWithoutGps(Path file) throws IOException, ImagingException {
        if (!(Imaging.getMetadata(file.toFile()) instanceof JpegImageMetadata jpeg) || jpeg.getExif() == null) {
            return null;
        }
        TiffImageMetadata exif = jpeg.getExif();
        if (exif.findDirectory(TiffDirectoryConstants.DIRECTORY_TYPE_GPS) == null) {
            return null;
        }
        TiffOutputSet set = exif.getOutputSet();
        for (Iterator<TiffOutputDirectory> it = set.iterator(); it.hasNext(); ) {
            if (it.next().getType() == TiffDirectoryConstants.DIRECTORY_TYPE_GPS) {
                it.remove();
            }
        }
        set.removeField(ExifTagConstants.EXIF_TAG_GPSINFO); // the pointer to it
        return set;
    }

    /**
     * Copies a JPEG segment by segment up to its image data, leaving out XMP packets (when {@code dryRun}, only tells
     * whether there are any).
     *
     * @return whether there was an XMP packet
     */
    private static boolean copyJpeg(DataInputStream in, OutputStream out, boolean dryRun) throws IOException {
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
            throw new IOException("not a JPEG");
        }
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8});
        boolean found = false;
        while (true) {
            int marker = nextMarker(in);
            if (marker == 0xDA || marker == 0xD9) { // start of scan (or an image with none): the rest as it is
                out.write(new byte[] {(byte) 0xFF, (byte) marker});
                if (!dryRun) {
                    in.transferTo(out);
                }
                return found;
            }
            if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                out.write(new byte[] {(byte) 0xFF, (byte) marker});
                continue;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                throw new IOException("a JPEG segment with a bad length");
            }
            byte[] payload = in.readNBytes(length - 2);
            if (payload.length != length - 2) {
                throw new EOFException("a JPEG cut short");
            }
            if (marker == 0xE1 && (startsWith(payload, XMP) || startsWith(payload, XMP_EXTENSION))) {
                found = true;
                continue;
            }
            out.write(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length});
            out.write(payload);
        }
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b != 0xFF) {
            throw new IOException("a JPEG segment does not start with 0xFF");
        }
        int marker;
        do {
            marker = in.readUnsignedByte(); // 0xFF may be repeated as fill
        } while (marker == 0xFF);
        return marker;
    }

    // ---- PNG ----

    private static boolean png(Path in, Path out) throws IOException {
        boolean found = false;
        try (var input = new DataInputStream(new BufferedInputStream(Files.newInputStream(in)));
             var output = new BufferedOutputStream(Files.newOutputStream(out))) {
            byte[] signature = input.readNBytes(8);
            if (!Arrays.equals(signature, PNG_SIGNATURE)) {
                throw new IOException("not a PNG");
            }
            output.write(signature);
            while (true) {
                int length;
                try {
                    length = input.readInt();
                } catch (EOFException e) {
                    break;
                }
                byte[] type = input.readNBytes(4);
                if (length < 0) {
                    throw new IOException("a PNG chunk with a bad length");
                }
                String name = new String(type, StandardCharsets.ISO_8859_1);
                if (name.equals("eXIf") || name.equals("iTXt") || name.equals("tEXt") || name.equals("zTXt")) {
                    byte[] data = input.readNBytes(length);
                    byte[] crc = input.readNBytes(4);
                    if (name.equals("eXIf") || startsWith(data, "XML:com.adobe.xmp\0"
                            .getBytes(StandardCharsets.ISO_8859_1))) {
                        found = true;
                        continue;
                    }
                    writeChunk(output, length, type, data, crc);
                    continue;
                }
                output.write(intBytes(length));
                output.write(type);
                copy(input, output, length + 4L); // data and CRC
                if (name.equals("IEND")) {
                    break;
                }
            }
        }
        return found;
    }

    private static void writeChunk(OutputStream out, int length, byte[] type, byte[] data, byte[] crc)
            throws IOException {
        out.write(intBytes(length));
        out.write(type);
        out.write(data);
        out.write(crc);
    }

    // ---- WebP ----

    private static boolean webp(Path in, Path out) throws IOException {
        byte[] file = Files.readAllBytes(in); // at most max-file-bytes, and WebP's size fields want rewriting anyway
        if (file.length < 12 || !new String(file, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                || !new String(file, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
            throw new IOException("not a WebP");
        }
        var kept = new java.io.ByteArrayOutputStream(file.length);
        boolean found = false;
        int vp8x = -1;
        int at = 12;
        while (at + 8 <= file.length) {
            String name = new String(file, at, 4, StandardCharsets.ISO_8859_1);
            long size = littleEndian(file, at + 4);
            long padded = size + (size & 1);
            if (at + 8 + padded > file.length) {
                padded = file.length - at - 8; // a last chunk cut short: keep what there is
            }
            if (name.equals("EXIF") || name.equals("XMP ")) {
                found = true;
            } else {
                if (name.equals("VP8X")) {
                    vp8x = 12 + kept.size();
                }
                kept.write(file, at, (int) (8 + padded));
            }
            at += (int) (8 + padded);
        }
        if (!found) {
            return false;
        }
        byte[] body = kept.toByteArray();
        byte[] result = new byte[12 + body.length];
        System.arraycopy(file, 0, result, 0, 12);
        System.arraycopy(body, 0, result, 12, body.length);
        writeLittleEndian(result, 4, result.length - 8);
        if (vp8x >= 0 && vp8x + 8 < result.length) {
            result[vp8x + 8] &= (byte) ~0x0C; // the VP8X flags: no EXIF (0x08), no XMP (0x04) any more
        }
        Files.write(out, result);
        return true;
    }

    // ---- bytes ----

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static long littleEndian(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static void writeLittleEndian(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("a PNG cut short");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
