package chat.parley.config;

/**
 * What people may share as files (issue 18).
 *
 * @param maxFileBytes       the largest file one upload may hold, in bytes; a larger upload is stopped while it streams
 * @param quotaBytes         bytes of files one user may keep on the server, 0 for unlimited
 * @param keepExif           keep a photo's EXIF location (false: the GPS directory is removed at upload)
 * @param maxImageMegapixels images with more pixels than this many millions are refused (decompression bombs)
 */
public record FileLimits(long maxFileBytes, long quotaBytes, boolean keepExif, int maxImageMegapixels) {

    public FileLimits {
        if (maxFileBytes < 1) {
            throw new ConfigException("max-file-bytes: must be at least 1 byte, got " + maxFileBytes);
        }
        if (quotaBytes < 0) {
            throw new ConfigException("file-quota-bytes: must be 0 (unlimited) or more, got " + quotaBytes);
        }
        if (maxImageMegapixels < 1) {
            throw new ConfigException("max-image-megapixels: must be at least 1, got " + maxImageMegapixels);
        }
    }

    /** The most pixels an image may have. */
    public long maxImagePixels() {
        return maxImageMegapixels * 1_000_000L;
    }
}
