package chat.parley.http;

import chat.parley.files.SharedFiles;
import chat.parley.files.StoredFile;
import chat.parley.files.UploadRefused;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Uploads and downloads of shared files: {@code POST /api/rooms/{room}/files} (multipart or raw body, answered with
 * the {@code type:"file"} envelope the client then publishes), {@code GET /api/files/{id}} and its {@code /thumb}.
 * Downloads are attachments unless they are safe raster images, never sniffed by the browser, sandboxed if opened, and
 * answer byte ranges (seeking in audio and video).
 */
final class FileRoutes {

    private static final Logger log = LoggerFactory.getLogger(FileRoutes.class);
    /** What a downloaded file may do if a browser opens it as a page: nothing (no script, no plugins, no requests). */
    static final String DOWNLOAD_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; "
            + "style-src 'unsafe-inline'; sandbox";
    private static final Set<String> TRUE = Set.of("true", "1", "yes");

    private final SharedFiles files;
    private final ObjectMapper json;

    FileRoutes(SharedFiles files, ObjectMapper json) {
        this.files = files;
        this.json = json;
    }

    /** {@code POST /api/rooms/{room}/files}: 201 with {@code {"v":1,"type":"file","file":{…}}}. */
    void upload(Context ctx) {
        String room = Params.room(ctx);
        var upload = new SharedFiles.Upload(room, Caller.of(ctx).name(), ctx.header("Content-Type"),
                ctx.req().getContentLengthLong(), Params.utf8Query(ctx, "name"),
                TRUE.contains(String.valueOf(Params.utf8Query(ctx, "encrypted")).toLowerCase(java.util.Locale.ROOT)));
        StoredFile file;
        try {
            file = files.upload(upload, ctx.req().getInputStream());
        } catch (UploadRefused e) {
            ctx.header("Connection", "close"); // the rest of a refused body is not read
            throw new ApiException(e.reason().status(), e.reason().code(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var envelope = json.createObjectNode().put("v", 1).put("type", "file");
        envelope.set("file", files.describe(file));
        ctx.status(201).json(envelope);
    }

    /** {@code GET /api/files/{id}}: the file's bytes. */
    void download(Context ctx) {
        send(ctx, existing(ctx.pathParam("id")));
    }

    /** {@code GET /api/files/{id}/thumb}: the thumbnail the server made of an image. */
    void thumbnail(Context ctx) {
        StoredFile file = existing(ctx.pathParam("id"));
        if (file.thumb() == null) {
            throw ApiException.notFound("file '" + file.id() + "' has no thumbnail (only images get one)");
        }
        send(ctx, existing(file.thumb()));
    }

    private StoredFile existing(String id) {
        return files.find(id).orElseThrow(() -> ApiException.notFound("no file '" + id + "' here"));
    }

    private void send(Context ctx, StoredFile file) {
        String etag = "\"" + file.sha256() + "\"";
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", DOWNLOAD_POLICY);
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "private, max-age=86400");
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Content-Disposition", files.disposition(file));
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(file.mime());
        String rangeHeader = ctx.header("If-Range") == null || etag.equals(ctx.header("If-Range"))
                ? ctx.header("Range") : null;
        ByteRange.Answer answer = ByteRange.of(rangeHeader, file.size());
        if (answer instanceof ByteRange.Unsatisfiable) {
            ctx.header("Content-Range", "bytes */" + file.size());
            throw new ApiException(416, "range_not_satisfiable", "the file has " + file.size() + " bytes");
        }
        ByteRange range = answer instanceof ByteRange.Part part ? part.range()
                : new ByteRange(0, file.size() - 1);
        if (answer instanceof ByteRange.Part) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + file.size());
        }
        ctx.res().setContentLengthLong(range.length());
        files.downloaded();
        try (FileChannel channel = FileChannel.open(files.content(file), StandardOpenOption.READ)) {
            copy(channel, range, ctx.res().getOutputStream());
        } catch (NoSuchFileException e) {
            log.error("file {} has no bytes on disk ({}): was the files folder changed by hand?", file.id(),
                    e.getMessage());
            throw ApiException.notFound("the bytes of file '" + file.id() + "' are missing on this server");
        } catch (IOException e) {
            // the reader went away mid-download: nothing to answer any more
            log.debug("download of {} ended early: {}", file.id(), e.toString());
        }
    }

    private static void copy(FileChannel channel, ByteRange range, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = range.first();
        long left = range.length();
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file is shorter than recorded");
            }
            out.write(buffer.array(), 0, n);
            position += n;
            left -= n;
        }
        out.flush();
    }
}
