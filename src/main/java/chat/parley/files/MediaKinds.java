package chat.parley.files;

import java.util.Set;

/** How each kind of file may be shown. Anything not named here is only ever a download. */
final class MediaKinds {

    /** Raster images browsers decode without running anything, that the server can also make thumbnails of. */
    static final Set<String> INLINE_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Audio and video the web client plays in the page (with range requests); still sent as attachments. */
    static final Set<String> PLAYABLE = Set.of("video/mp4", "video/webm", "video/ogg", "video/quicktime",
            "audio/mpeg", "audio/ogg", "audio/vorbis", "audio/opus", "audio/wav", "audio/vnd.wave", "audio/x-wav",
            "audio/webm", "audio/mp4", "audio/x-flac", "audio/flac", "audio/aac");

    /** What every ciphertext upload is stored and served as. */
    static final String CIPHERTEXT = "application/octet-stream";

    private MediaKinds() {
    }

    /** Whether a browser may show it in its own tab (opened from the lightbox): safe raster images only. */
    static boolean inline(String mime) {
        return INLINE_IMAGES.contains(mime);
    }

    static boolean playable(String mime) {
        return PLAYABLE.contains(mime);
    }
}
