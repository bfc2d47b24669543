package chat.parley.files;

/**
 * What the server keeps of shared files.
 *
 * @param files files people shared (their thumbnails not counted)
 * @param bytes bytes their distinct contents take on disk (each content once), thumbnails included
 */
public record FileStats(long files, long bytes) {
}
