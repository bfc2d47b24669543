package chat.parley.files;

import chat.parley.bridge.BridgedFile;
import chat.parley.bridge.FileShelf;
import chat.parley.chat.FileCatalog;
import chat.parley.chat.RefusedException;
import chat.parley.config.FileLimits;
import chat.parley.db.SqlStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Files people share in rooms: an upload is streamed to disk within the limits, identified by its bytes, cleaned of
 * its location, measured and thumbnailed if it is an image, and kept once per content; a message then shows it by its
 * id ({@link FileCatalog}). Files no message shows any more are removed by {@link #sweep}.
 */
public final class SharedFiles implements FileCatalog, FileShelf {

    /** How long an upload may wait for the message that shows it before it is cleaned up. */
    public static final Duration UNSENT_GRACE = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(SharedFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The name every ciphertext upload is kept under. */
    static final String ENCRYPTED_NAME = "encrypted";
    /** What a multipart body may hold besides its file: boundaries, part headers and small fields. */
    private static final long MULTIPART_OVERHEAD = 128 * 1024;

    private final FileTable table;
    private final BlobStore blobs;
    private final FileLimits limits;
    private final FileMetrics metrics;
    private final TypeSniffer sniffer = new TypeSniffer();
    private final Thumbnailer thumbnailer;
    private final ObjectMapper json = new ObjectMapper();
    /** Moving blobs in and rows in, and taking them out, happen one at a time: a sweep never deletes a blob that an
     *  upload has just put back. Taken before {@link FileTable#moving}, which does the same across nodes. */
    private final Object commitLock = new Object();
    private volatile Predicate<String> encryptedRooms = room -> false;
    /** When the sweep last looked for blobs no row names (at most once per {@link #UNSENT_GRACE}). */
    private volatile Instant unnamedChecked = Instant.now();

    private SharedFiles(FileTable table, BlobStore blobs, FileLimits limits, FileMetrics metrics) {
        this.table = table;
        this.blobs = blobs;
        this.limits = limits;
        this.metrics = metrics;
        this.thumbnailer = new Thumbnailer(limits.maxImagePixels());
    }

    /** Opens the file store under {@code dataDir/files}; blobs no row names (a crash left them) are removed. */
    public static SharedFiles open(SqlStore database, Path dataDir, FileLimits limits, MeterRegistry registry)
            throws IOException, SQLException {
        var files = new SharedFiles(FileTable.open(database), BlobStore.open(dataDir), limits,
                new FileMetrics(registry));
        files.removeUnnamedBlobs();
        files.metrics.stored(files.table.stats());
        return files;
    }

    /** Which rooms are end-to-end encrypted: they take only ciphertext uploads. */
    public void encryptedRooms(Predicate<String> encrypted) {
        this.encryptedRooms = encrypted;
    }

    /**
     * An upload as it arrives.
     *
     * @param room          the room it is shared in
     * @param uploader      who sends it (signed in)
     * @param contentType   the request's {@code Content-Type}: {@code multipart/form-data}, or the file's claimed type
     * @param contentLength the request's {@code Content-Length}, or -1
     * @param name          the file name of a raw body ({@code ?name=}); a multipart part carries its own
     * @param encrypted     whether the body is ciphertext made by an end-to-end encrypted room's client
     */
    public record Upload(String room, String uploader, String contentType, long contentLength, String name,
                         boolean encrypted) {
    }

    /**
     * Streams an upload to disk and keeps it.
     *
     * @throws UploadRefused when it is refused (counted); nothing of it stays on disk
     * @throws IOException   when the disk or the database fails, or the client went away
     */
    public StoredFile upload(Upload upload, InputStream body) throws UploadRefused, IOException {
        try {
            return store(upload, body);
        } catch (UploadRefused e) {
            metrics.refused(e.reason());
            throw e;
        } catch (SQLException e) {
            throw new IOException("the file table failed: " + e.getMessage(), e);
        }
    }

    private StoredFile store(Upload upload, InputStream body) throws UploadRefused, IOException, SQLException {
        requireEncryptionFits(upload);
        long used = table.usage(upload.uploader());
        long left = limits.quotaBytes() == 0 ? Long.MAX_VALUE : limits.quotaBytes() - used;
        boolean quotaBinds = left < limits.maxFileBytes();
        long limit = Math.min(limits.maxFileBytes(), Math.max(0, left));
        String tooBig = quotaBinds ? overQuota(used) : "the file is over the limit of "
                + Sizes.human(limits.maxFileBytes()) + " (max-file-bytes)";
        var reason = quotaBinds ? UploadRefused.Reason.OVER_QUOTA : UploadRefused.Reason.TOO_LARGE;
        boolean multipart = UploadBody.isMultipart(upload.contentType());
        long bodyLimit = multipart ? limit + MULTIPART_OVERHEAD : limit;
        if (left <= 0 || upload.contentLength() > bodyLimit) {
            throw new UploadRefused(left <= 0 ? UploadRefused.Reason.OVER_QUOTA : reason,
                    left <= 0 ? overQuota(used) : tooBig); // refused before a byte is read
        }
        try (var sink = new UploadSink(blobs.newTempFile(), limit, reason, tooBig)) {
            UploadBody.Claim claim;
            if (multipart) {
                claim = UploadBody.multipart(body, upload.contentType(), sink);
            } else {
                UploadBody.raw(body, upload.contentLength(), sink);
                claim = new UploadBody.Claim(upload.name(), upload.contentType());
            }
            String sha256 = sink.finish();
            if (sink.size() == 0) {
                throw new UploadRefused(UploadRefused.Reason.EMPTY, "the file is empty (0 bytes)");
            }
            // An encrypted room's file name is in its sealed message, for the members only: the server keeps none.
            String name = upload.encrypted() ? ENCRYPTED_NAME : FileNames.clean(claim.name());
            Prepared prepared = upload.encrypted()
                    ? new Prepared(sink.path(), sha256, sink.size(), MediaKinds.CIPHERTEXT, null)
                    : prepare(sink.path(), sha256, sink.size(), name, claim.type());
            try {
                return commit(upload, name, prepared);
            } finally {
                if (!prepared.path().equals(sink.path())) {
                    Files.deleteIfExists(prepared.path());
                }
            }
        }
    }

    private void requireEncryptionFits(Upload upload) throws UploadRefused {
        boolean encryptedRoom = encryptedRooms.test(upload.room());
        if (encryptedRoom && !upload.encrypted()) {
            throw new UploadRefused(UploadRefused.Reason.ENCRYPTION, "room '" + upload.room() + "' is end-to-end "
                    + "encrypted: its clients encrypt files with the room key and upload them with ?encrypted=true "
                    + "(docs/files.md)");
        }
        if (!encryptedRoom && upload.encrypted()) {
            throw new UploadRefused(UploadRefused.Reason.ENCRYPTION, "room '" + upload.room() + "' is not "
                    + "end-to-end encrypted: upload the file itself");
        }
    }

    private String overQuota(long used) {
        return "you keep " + Sizes.human(used) + " of files here, and the quota is " + Sizes.human(limits.quotaBytes())
                + " (file-quota-bytes): files leave it when the messages that show them are deleted";
    }

    /** The bytes to keep and what they are: sniffed, checked against the claim, without location, measured. */
    private record Prepared(Path path, String sha256, long size, String mime, Thumbnailer.Picture picture) {
    }

    private Prepared prepare(Path file, String sha256, long size, String name, String claimedType)
            throws IOException, UploadRefused, SQLException {
        String mime = sniffer.detect(file, name);
        var contradiction = sniffer.contradiction(claimedType, mime);
        if (contradiction.isPresent()) {
            throw new UploadRefused(UploadRefused.Reason.TYPE_MISMATCH, contradiction.get());
        }
        Path kept = file;
        if (!limits.keepExif()) {
            Path stripped = blobs.newTempFile();
            try {
                if (LocationStripper.strip(file, stripped, mime)) {
                    kept = stripped;
                    size = Files.size(stripped);
                    sha256 = sha256(stripped);
                } else {
                    Files.deleteIfExists(stripped);
                }
            } catch (IOException e) {
                Files.deleteIfExists(stripped);
                throw new UploadRefused(UploadRefused.Reason.BAD_IMAGE, "the file looks like " + mime
                        + " but is damaged: " + e.getMessage());
            }
        }
        Thumbnailer.Picture picture = null;
        if (MediaKinds.inline(mime)) {
            Path measured = kept;
            try {
                picture = metrics.thumbnails().recordCallable(() -> thumbnailer.read(measured, mime));
            } catch (UploadRefused | IOException e) {
                deleteIfOther(kept, file);
                throw e;
            } catch (Exception e) {
                deleteIfOther(kept, file);
                throw new IOException(e);
            }
        }
        return new Prepared(kept, sha256, size, mime, picture);
    }

    private static void deleteIfOther(Path path, Path original) throws IOException {
        if (!path.equals(original)) {
            Files.deleteIfExists(path);
        }
    }

    /** Moves the bytes in and writes the rows, checking the quota once more (two uploads may race for it). */
    private StoredFile commit(Upload upload, String name, Prepared prepared)
            throws IOException, SQLException, UploadRefused {
        long now = System.currentTimeMillis();
        synchronized (commitLock) {
            Committed committed = table.moving(rows -> commit(rows, upload, name, prepared, now));
            metrics.uploaded(prepared.size(), committed.known());
            metrics.stored(table.stats());
            return committed.file();
        }
    }

    /** A kept upload, and whether its bytes were here already. */
    private record Committed(StoredFile file, boolean known) {
    }

    /** The bytes in and the rows written, within {@link FileTable#moving}. */
    private Committed commit(FileTable.Rows rows, Upload upload, String name, Prepared prepared, long now)
            throws IOException, SQLException, UploadRefused {
        long used = rows.usage(upload.uploader());
        if (limits.quotaBytes() > 0 && used + prepared.size() > limits.quotaBytes()) {
            throw new UploadRefused(UploadRefused.Reason.OVER_QUOTA, overQuota(used));
        }
        boolean known = blobs.exists(prepared.sha256());
        blobs.put(prepared.path(), prepared.sha256());
        var picture = prepared.picture();
        var file = new StoredFile(newId(), prepared.sha256(), upload.room(), upload.uploader(), name,
                prepared.size(), prepared.mime(), picture == null ? null : picture.width(),
                picture == null ? null : picture.height(), null, null, upload.encrypted(), now);
        if (picture != null) {
            String thumbSha = sha256(picture.thumb());
            if (!blobs.exists(thumbSha)) {
                Path temp = blobs.newTempFile();
                Files.write(temp, picture.thumb());
                blobs.put(temp, thumbSha);
            }
            var thumb = new StoredFile(newId(), thumbSha, upload.room(), upload.uploader(), "thumbnail of " + name,
                    picture.thumb().length, picture.mime(), null, null, null, file.id(), false, now);
            rows.insert(thumb);
            file = file.withThumb(thumb.id());
        }
        rows.insert(file);
        return new Committed(file, known);
    }

    /** A file of this room as it travels over the bridge, with where its bytes are. */
    @Override
    public Optional<Shelved> find(String room, String id) {
        return find(id).filter(f -> f.room().equals(room)).map(f -> new Shelved(new BridgedFile(f.id(), f.sha256(),
                f.size(), f.name(), f.uploader(), f.mime(), f.width(), f.height(), f.thumb(), f.thumbOf(),
                f.encrypted()), content(f)));
    }

    /**
     * Keeps a file another site sent (its SHA-256 checked by the bridge) under its id, in this site's room of the same
     * id. Its type is sniffed again (an encrypted one stays ciphertext); its uploader is {@code from@origin}, so it
     * never counts against a local user's quota nor can a local user show it as theirs.
     */
    @Override
    public boolean keep(String room, String origin, BridgedFile file, byte[] bytes) throws Refused, IOException {
        if (encryptedRooms.test(room) != file.encrypted()) {
            throw new Refused(file.encrypted() ? "ciphertext for room '" + room + "', not encrypted here"
                    : "plaintext for room '" + room + "', end-to-end encrypted here");
        }
        Path temp = blobs.newTempFile();
        try {
            Files.write(temp, bytes);
            String name = file.encrypted() ? ENCRYPTED_NAME : FileNames.clean(file.name());
            String mime = file.encrypted() ? MediaKinds.CIPHERTEXT : sniffer.detect(temp, name);
            boolean image = MediaKinds.inline(mime);
            var kept = new StoredFile(file.id(), file.sha256(), room, file.from() + "@" + origin, name, bytes.length,
                    mime, image ? file.width() : null, image ? file.height() : null, file.thumb(), file.thumbOf(),
                    file.encrypted(), System.currentTimeMillis());
            synchronized (commitLock) {
                boolean added = table.moving(rows -> {
                    var existing = rows.byId(file.id());
                    if (existing.isPresent()) {
                        if (!existing.get().room().equals(room)) {
                            throw new Refused("file id '" + file.id() + "' belongs to another room here");
                        }
                        return false;
                    }
                    blobs.put(temp, file.sha256());
                    rows.insert(kept);
                    return true;
                });
                if (added) {
                    metrics.stored(table.stats());
                }
                return added;
            }
        } catch (SQLException e) {
            throw new IOException("the file table failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file with this id, if there is one. */
    public Optional<StoredFile> find(String id) {
        if (id == null || !chat.parley.chat.MessageRules.FILE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            return table.byId(id);
        } catch (SQLException e) {
            throw new IllegalStateException("the file table failed: " + e.getMessage(), e);
        }
    }

    /** Where a file's bytes are. */
    public Path content(StoredFile file) {
        return blobs.path(file.sha256());
    }

    /**
     * The {@code Content-Disposition} of a download: {@code inline} only for safe raster images (a browser may show
     * them in a tab), {@code attachment} for everything else, SVG, HTML and anything scriptable included.
     */
    public String disposition(StoredFile file) {
        boolean inline = !file.encrypted() && MediaKinds.inline(file.mime());
        return FileNames.contentDisposition(inline ? "inline" : "attachment", file.name());
    }

    /** Counts a download in the metrics. */
    public void downloaded() {
        metrics.downloaded();
    }

    /** Files kept and their bytes, for the admin. */
    public FileStats stats() {
        try {
            return table.stats();
        } catch (SQLException e) {
            throw new IllegalStateException("the file table failed: " + e.getMessage(), e);
        }
    }

    /** How many uploads were refused for this reason since start. */
    public long refusals(UploadRefused.Reason reason) {
        return metrics.refusals(reason);
    }

    @Override
    public JsonNode resolve(String room, String from, String id) throws RefusedException {
        StoredFile file = find(id).filter(f -> f.room().equals(room) && f.uploader().equals(from)
                && f.thumbOf() == null && !f.encrypted()).orElseThrow(() -> FileCatalog.unknown(id));
        return describe(file);
    }

    @Override
    public void requireOwn(String room, String from, List<String> ids) throws RefusedException {
        for (String id : ids) {
            find(id).filter(f -> f.room().equals(room) && f.uploader().equals(from) && f.encrypted())
                    .orElseThrow(() -> FileCatalog.unknown(id));
        }
    }

    @Override
    public boolean holds(String room, String id) {
        return find(id).filter(f -> f.room().equals(room)).isPresent();
    }

    /** A file as messages show it, and as the upload route answers: {@code {id, url, name, size, mime, …}}. */
    public ObjectNode describe(StoredFile file) {
        ObjectNode node = json.createObjectNode()
                .put("id", file.id())
                .put("url", file.url())
                .put("name", file.name())
                .put("size", file.size())
                .put("mime", file.mime());
        if (file.width() != null && file.height() != null) {
            node.put("width", file.width()).put("height", file.height());
        }
        if (file.thumb() != null) {
            node.put("thumb", file.thumb());
        }
        if (file.encrypted()) {
            node.put("encrypted", true);
        }
        return node;
    }

    /**
     * Removes files no message shows (deleted, past retention, in a removed room, or never sent within
     * {@link #UNSENT_GRACE}) and the bytes on this node's disk that no file uses any more. Several nodes may sweep
     * one PostgreSQL at once: each file is checked again as it is deleted, after any message showing it that is
     * being stored has committed ({@link FileTable.Rows#deleteIfUnreferenced}). Once per grace it also removes this
     * node's blobs that no row names: the last row of the same bytes elsewhere was removed by another node.
     *
     * @return how many files were removed
     */
    public long sweep(Instant now) {
        long removed = 0;
        try {
            for (StoredFile file : table.unreferenced(now.minus(UNSENT_GRACE).toEpochMilli())) {
                boolean deleted;
                synchronized (commitLock) {
                    deleted = table.moving(rows -> remove(rows, file));
                }
                if (deleted && file.thumbOf() == null) {
                    removed++;
                }
            }
            if (removed > 0) {
                metrics.removed(removed);
                metrics.stored(table.stats());
            }
            if (!now.isBefore(unnamedChecked.plus(UNSENT_GRACE))) {
                unnamedChecked = now;
                removeUnnamedBlobs();
            }
        } catch (SQLException | IOException e) {
            log.warn("removing unused files failed: {}", e.toString());
        }
        return removed;
    }

    /**
     * Deletes the file's row unless a message shows it by now, then its bytes here if no row uses them (also when
     * another node deleted the row first: this node's copy goes too).
     */
    private boolean remove(FileTable.Rows rows, StoredFile file) throws SQLException, IOException {
        boolean deleted = rows.deleteIfUnreferenced(file.id());
        if (!rows.blobUsed(file.sha256())) {
            blobs.delete(file.sha256());
        }
        return deleted;
    }

    /** Deletes the blobs on this node's disk that no row names, each checked again as it goes. */
    private void removeUnnamedBlobs() throws SQLException, IOException {
        Set<String> named = table.sha256s();
        for (String sha256 : blobs.all().filter(sha -> !named.contains(sha)).toList()) {
            synchronized (commitLock) {
                table.moving(rows -> !rows.blobUsed(sha256) && blobs.delete(sha256));
            }
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[UploadBody.BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
