package chat.parley.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file settings: sizes with units, from flags and the environment; bad values name their setting. */
class FileSettingsTest {

    @Test
    void the_defaults_are_25_mb_a_1_gb_quota_no_exif_location_and_100_megapixels() {
        FileLimits files = ConfigLoader.load(null, Map.of(), Map.of()).files();
        assertThat(files.maxFileBytes()).isEqualTo(25L << 20);
        assertThat(files.quotaBytes()).isEqualTo(1L << 30);
        assertThat(files.keepExif()).isFalse();
        assertThat(files.maxImagePixels()).isEqualTo(100_000_000L);
    }

    @Test
    void sizes_take_units_or_plain_bytes() {
        FileLimits files = ConfigLoader.load(null, Map.of("PARLEY_FILE_QUOTA_BYTES", "2GB"),
                Map.of("max-file-bytes", "512KB", "keep-exif", "true")).files();
        assertThat(files.maxFileBytes()).isEqualTo(512L * 1024);
        assertThat(files.quotaBytes()).isEqualTo(2L << 30);
        assertThat(files.keepExif()).isTrue();
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("max-file-bytes", "1048576")).files().maxFileBytes())
                .isEqualTo(1_048_576L);
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("max-file-bytes", "3MiB")).files().maxFileBytes())
                .isEqualTo(3L << 20);
    }

    @Test
    void a_bad_size_names_its_setting_and_where_it_came_from() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("max-file-bytes", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max-file-bytes")
                .hasMessageContaining("25MB");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("max-file-bytes", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max-file-bytes: must be at least 1 byte");
    }
}
