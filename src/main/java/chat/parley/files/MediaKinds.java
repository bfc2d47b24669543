package chat.parley.files;

import java.util.Set;

/** How each kind of file may be shown. Anything not named here is only ever a download. */
final class MediaKinds {

    /** Raster images browsers decode without running anything, that the server can also make thumbnails of. */
    static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** What every ciphertext upload is stored and served as. */
    static final String CIPHERTEXT = "application/octet-stream";

    private MediaKinds() {
    }

    /** Whether a browser may show it in its own tab (opened from the lightbox): safe raster images only. */
    static boolean inline(String mime) {
        return INLINE_IMAGES.contains(mime);
    }
}
