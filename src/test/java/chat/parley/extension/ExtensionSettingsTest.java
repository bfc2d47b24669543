package chat.parley.extension;

import chat.parley.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone extension reads {@code conf/parley.yml} in its own folder, whatever directory HiveMQ runs in. */
class ExtensionSettingsTest {

    @TempDir
    Path home;

    private void settings(String yaml) throws IOException {
        Files.writeString(Files.createDirectories(home.resolve("conf")).resolve("parley.yml"), yaml);
    }

    @Test
    void a_relative_data_dir_is_made_in_the_extension_folder() throws IOException {
        settings("data-dir: data\nprefix: team\nmax-text-chars: 500\n");

        var config = ExtensionSettings.load(home);

        assertThat(config.dataDir()).isEqualTo(home.resolve("data"));
        assertThat(config.dataDir()).isDirectory();
        assertThat(config.prefix()).isEqualTo("team");
        assertThat(config.maxTextChars()).isEqualTo(500);
    }

    @Test
    void an_absolute_data_dir_is_kept() throws IOException {
        Path elsewhere = home.resolveSibling(home.getFileName() + "-data").toAbsolutePath();
        settings("data-dir: " + elsewhere + "\n");

        assertThat(ExtensionSettings.load(home).dataDir()).isEqualTo(elsewhere);
    }

    @Test
    void a_missing_file_or_an_unknown_key_is_refused_with_its_name() throws IOException {
        assertThatThrownBy(() -> ExtensionSettings.load(home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(home.resolve("conf").resolve("parley.yml").toString());

        settings("data-dirr: data\n");
        assertThatThrownBy(() -> ExtensionSettings.load(home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("data-dirr");
    }
}
