package chat.parley.files;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code /metrics} says about files: {@code parley_file_uploads_total}, {@code parley_file_upload_bytes_total},
 * {@code parley_file_refusals_total{reason}} (the {@link UploadRefused.Reason} codes), downloads, thumbnail time, and
 * the files and bytes kept ({@code parley_files_stored}, {@code parley_files_stored_bytes}, as of the last change).
 */
final class FileMetrics {

    private final Counter uploads;
    private final Counter uploadBytes;
    private final Counter deduplicated;
    private final Counter downloads;
    private final Counter removed;
    private final Timer thumbnails;
    private final Map<UploadRefused.Reason, Counter> refusals = new EnumMap<>(UploadRefused.Reason.class);
    private final AtomicLong storedFiles = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();

    FileMetrics(MeterRegistry registry) {
        uploads = Counter.builder("parley.file.uploads").description("Files uploaded and kept").register(registry);
        uploadBytes = Counter.builder("parley.file.upload.bytes").description("Bytes of files uploaded and kept")
                .register(registry);
        deduplicated = Counter.builder("parley.file.deduplicated")
                .description("Uploads whose bytes were already stored (kept once)").register(registry);
        downloads = Counter.builder("parley.file.downloads").description("File and thumbnail downloads served")
                .register(registry);
        removed = Counter.builder("parley.file.removed")
                .description("Files removed because no message showed them any more").register(registry);
        thumbnails = Timer.builder("parley.file.thumbnail").description("Time to measure and thumbnail an image")
                .register(registry);
        for (UploadRefused.Reason reason : UploadRefused.Reason.values()) {
            refusals.put(reason, Counter.builder("parley.file.refusals").description("Uploads refused, by reason")
                    .tag("reason", reason.code()).register(registry));
        }
        Gauge.builder("parley.files.stored", storedFiles, AtomicLong::get).description("Files kept (thumbnails not "
                + "counted)").register(registry);
        Gauge.builder("parley.files.stored.bytes", storedBytes, AtomicLong::get)
                .description("Bytes of file contents kept, each content once").register(registry);
    }

    void uploaded(long bytes, boolean deduplicatedBlob) {
        uploads.increment();
        uploadBytes.increment(bytes);
        if (deduplicatedBlob) {
            deduplicated.increment();
        }
    }

    void refused(UploadRefused.Reason reason) {
        refusals.get(reason).increment();
    }

    long refusals(UploadRefused.Reason reason) {
        return (long) refusals.get(reason).count();
    }

    void downloaded() {
        downloads.increment();
    }

    void removed(long files) {
        removed.increment(files);
    }

    Timer thumbnails() {
        return thumbnails;
    }

    void stored(FileStats stats) {
        storedFiles.set(stats.files());
        storedBytes.set(stats.bytes());
    }
}
