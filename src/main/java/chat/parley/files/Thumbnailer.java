package chat.parley.files;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Semaphore;

/**
 * Reads what the server needs of an uploaded image (ImageIO, with TwelveMonkeys' WebP and JPEG readers): its size,
 * checked against {@code max-image-megapixels} from the header alone, before any pixel is decoded, and a thumbnail
 * that fits {@link #BOX}. The decoder is asked for every n-th pixel only (source subsampling), so what it holds in
 * memory stays near {@code (2 * BOX)²} pixels whatever the picture's size; at most {@link #DECODERS} decode at once.
 * A JPEG's EXIF orientation is applied to the thumbnail and to the reported size, as browsers show the original.
 */
final class Thumbnailer {

    /** Thumbnails fit in BOX × BOX pixels. */
    static final int BOX = 400;
    /** Images decoded at once, server-wide: each takes a core for up to a second. */
    static final int DECODERS = 2;
    private static final float JPEG_QUALITY = 0.85f;

    static {
        ImageIO.setUseCache(false); // decode from files and memory, never through ImageIO's own temp files
    }

    /**
     * An image as the server describes it.
     *
     * @param width  displayed width (after EXIF orientation)
     * @param height displayed height
     * @param thumb  the thumbnail's encoded bytes
     * @param mime   the thumbnail's type: {@code image/jpeg}, or {@code image/png} for images with transparency
     */
    record Picture(int width, int height, byte[] thumb, String mime) {
    }

    private final long maxPixels;
    private final Semaphore decoders = new Semaphore(DECODERS);

    Thumbnailer(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** Measures and thumbnails an image of type {@code mime} (one of {@link MediaKinds#INLINE_IMAGES}). */
    Picture read(Path file, String mime) throws IOException, UploadRefused {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(mime);
            try {
                reader.setInput(in, true, false);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                requireSize(width, height);
                if (mime.equals("image/gif")) {
                    requireGifScreen(reader.getStreamMetadata());
                }
                int orientation = mime.equals("image/jpeg") ? orientation(file) : 1;
                BufferedImage pixels = decode(reader, Math.max(width, height));
                BufferedImage thumb = orient(scale(pixels), orientation);
                boolean alpha = thumb.getColorModel().hasAlpha();
                boolean turned = orientation >= 5;
                return new Picture(turned ? height : width, turned ? width : height, encode(thumb, alpha),
                        alpha ? "image/png" : "image/jpeg");
            } finally {
                reader.dispose();
            }
        } catch (UploadRefused | InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO plugins answer damaged input with IIOException and with runtime exceptions alike
            throw new UploadRefused(UploadRefused.Reason.BAD_IMAGE, "the file looks like " + mime
                    + " but does not decode as one: " + e.getMessage());
        }
    }

    private static ImageReader readerFor(String mime) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mime);
        if (!readers.hasNext()) {
            throw new IOException("no image reader for " + mime);
        }
        return readers.next();
    }

    private void requireSize(long width, long height) throws UploadRefused {
        if (width < 1 || height < 1) {
            throw new UploadRefused(UploadRefused.Reason.BAD_IMAGE, "the image says it is " + width + " × " + height
                    + " pixels");
        }
        if (width * height > maxPixels) {
            throw new UploadRefused(UploadRefused.Reason.IMAGE_TOO_LARGE, "the image is " + width + " × " + height
                    + " pixels (" + (width * height / 1_000_000) + " megapixels), over the limit of "
                    + (maxPixels / 1_000_000) + " megapixels (max-image-megapixels)");
        }
    }

    /** A GIF's logical screen (what a browser allocates) may be larger than its first frame. */
    private void requireGifScreen(IIOMetadata stream) throws UploadRefused {
        if (stream == null) {
            return;
        }
        Node root = stream.getAsTree("javax_imageio_gif_stream_1.0");
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals("LogicalScreenDescriptor")) {
                var attributes = n.getAttributes();
                requireSize(Long.parseLong(attributes.getNamedItem("logicalScreenWidth").getNodeValue()),
                        Long.parseLong(attributes.getNamedItem("logicalScreenHeight").getNodeValue()));
            }
        }
    }

    private BufferedImage decode(ImageReader reader, int longestSide) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, longestSide / (2 * BOX));
        param.setSourceSubsampling(step, step, 0, 0);
        try {
            decoders.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to decode");
        }
        try {
            return reader.read(0, param);
        } finally {
            decoders.release();
        }
    }

    /** Fits the picture in BOX × BOX (never enlarged), with bicubic filtering. */
    private static BufferedImage scale(BufferedImage source) {
        double factor = Math.min(1.0, Math.min((double) BOX / source.getWidth(), (double) BOX / source.getHeight()));
        int w = Math.max(1, (int) Math.round(source.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(source.getHeight() * factor));
        boolean alpha = source.getColorModel().hasAlpha();
        var target = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** The EXIF orientation (1 to 8; 1 when there is none or it cannot be read). */
    private static int orientation(Path file) {
        try {
            if (Imaging.getMetadata(file.toFile()) instanceof JpegImageMetadata jpeg) {
                TiffField field = jpeg.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION);
                int value = field == null ? 1 : field.getIntValue();
                return value >= 1 && value <= 8 ? value : 1;
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable EXIF: show the pixels as they are stored
        }
        return 1;
    }

    /** Turns and mirrors the thumbnail the way EXIF orientation {@code o} says the picture is to be shown. */
    static BufferedImage orient(BufferedImage image, int o) {
        if (o <= 1 || o > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean turned = o >= 5;
        var t = new AffineTransform();
        switch (o) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
        }
        var target = new BufferedImage(turned ? h : w, turned ? w : h, image.getType() == 0
                ? BufferedImage.TYPE_INT_ARGB : image.getType());
        Graphics2D g = target.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static byte[] encode(BufferedImage image, boolean png) throws IOException {
        var bytes = new ByteArrayOutputStream();
        if (png) {
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
