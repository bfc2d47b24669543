package chat.parley.web;

import chat.parley.files.TestImages;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing files in the web client, as two people see it: one attaches a picture (button), pastes a screenshot, drops a
 * PDF; the other sees the thumbnails, opens the original in the lightbox, downloads the PDF by its name. A file over
 * the limit shows why in the uploads tray and is never sent.
 */
class FilesBrowserTest extends BrowserTestBase {

    private static final By THUMBS = By.cssSelector("#messages .file-image img");

    private static Path temp(String name, byte[] bytes) throws IOException {
        Path dir = Files.createTempDirectory("parley-upload");
        return Files.write(dir.resolve(name), bytes);
    }

    /** How many thumbnails the page shows that have loaded (decoded, with a width). */
    private static long loadedThumbs(Browser b) {
        return (Long) b.js("return [...document.querySelectorAll('#messages .file-image img')]"
                + ".filter(i => i.complete && i.naturalWidth > 0).length");
    }

    @Test
    void aPictureAttachedByOneIsSeenAndOpenedByTheOther() throws IOException {
        String room = "pictures-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        var bob = browser("/#/r/" + room).join(unique("bob"));

        Path picture = temp("harbour.png", TestImages.picture("png", 1200, 800));
        alice.driver.findElement(By.id("attach-input")).sendKeys(picture.toString());

        bob.waitUntil(d -> loadedThumbs(bob) == 1);
        bob.screenshot("files-thumbnail-desktop");
        String thumb = bob.driver.findElement(THUMBS).getAttribute("src");
        assertThat(thumb).matches(".*/api/files/[A-Za-z0-9_-]{22}");
        assertThat(bob.driver.findElement(By.cssSelector("#messages .file-link")).getText()).contains("harbour.png");
        alice.waitUntil(d -> loadedThumbs(alice) == 1);
        assertThat((Boolean) alice.js("return !document.querySelector('#uploads .upload')")).isTrue();

        bob.driver.findElement(By.cssSelector("#messages .file-image")).click();
        bob.waitUntil(d -> bob.visible(By.id("lightbox")) != null);
        bob.waitUntil(d -> (Boolean) bob.js("const i = document.querySelector('#lightbox img');"
                + "return i.complete && i.naturalWidth === 1200"));
        assertThat(bob.driver.findElement(By.cssSelector("#lightbox .lightbox-name")).getText())
                .isEqualTo("harbour.png");
        bob.screenshot("files-lightbox-desktop");
        bob.driver.findElement(By.cssSelector("#lightbox .lightbox-close")).click();
        bob.waitUntil(d -> bob.visible(By.id("lightbox")) == null);
    }

    @Test
    void aPastedScreenshotAndADroppedPdfArriveWithTheirNames() {
        String room = "paste-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        var bob = Browser.open(base, "/#/r/" + room, 390, 844); // a phone
        browsers.add(bob);
        bob.join(unique("bob"));

        // A screenshot in the clipboard (WebP, which the server thumbnails too), pasted into the message box.
        alice.js("const c = document.createElement('canvas'); c.width = 640; c.height = 360;"
                + "const g = c.getContext('2d'); g.fillStyle = '#4f5bd5'; g.fillRect(0, 0, 640, 360);"
                + "c.toBlob(blob => { const dt = new DataTransfer();"
                + "dt.items.add(new File([blob], 'screenshot.webp', {type: 'image/webp'}));"
                + "document.getElementById('input').dispatchEvent(new ClipboardEvent('paste',"
                + "{clipboardData: dt, bubbles: true, cancelable: true})); }, 'image/webp');"); // the server reads WebP
        bob.waitUntil(d -> loadedThumbs(bob) == 1);

        // A PDF dropped on the room.
        alice.js("const dt = new DataTransfer();"
                + "dt.items.add(new File(['%PDF-1.4\\n1 0 obj <<>> endobj\\ntrailer <<>>\\n%%EOF\\n'], 'minutes.pdf',"
                + "{type: 'application/pdf'}));"
                + "const zone = document.querySelector('main.room');"
                + "zone.dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, bubbles: true}));"
                + "zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
        By pdf = By.cssSelector("#messages a.file-link[download='minutes.pdf']");
        bob.waitUntil(d -> bob.visible(pdf) != null);
        assertThat(bob.driver.findElement(pdf).getAttribute("href")).matches(".*/api/files/[A-Za-z0-9_-]{22}");
        assertThat((String) bob.js("return fetch(arguments[0]).then(r => r.headers.get('content-disposition'))",
                bob.driver.findElement(pdf).getAttribute("href"))).startsWith("attachment; filename=\"minutes.pdf\"");
        bob.screenshot("files-phone");
    }

    @Test
    void aFileOverTheLimitShowsWhyAndIsNotSent() throws IOException {
        String room = "big-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        Path dir = Files.createTempDirectory("parley-upload");
        Path big = dir.resolve("holiday.mov");
        try (var file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(26L << 20); // sparse: 26 MB on paper, nothing on disk
        }
        alice.driver.findElement(By.id("attach-input")).sendKeys(big.toString());
        By error = By.cssSelector("#uploads .upload-failed .upload-status");
        alice.waitUntil(d -> alice.visible(error) != null);
        assertThat(alice.driver.findElement(error).getText())
                .isEqualTo("Too big: “holiday.mov” is 26 MB; files can be at most 25 MB.");
        alice.screenshot("files-too-big-desktop");
        alice.driver.findElement(By.cssSelector("#uploads .upload-dismiss")).click();
        alice.waitUntil(d -> alice.driver.findElements(By.cssSelector("#uploads .upload")).isEmpty());
        assertThat(alice.driver.findElements(By.cssSelector("#messages .file"))).isEmpty();
    }

    @Test
    void aLargeUploadShowsItsProgressAndCanBeCancelled() throws IOException {
        String room = "slow-" + unique("r");
        var alice = browser("/#/r/" + room).join(unique("alice"));
        Path big = Files.createTempDirectory("parley-upload").resolve("recording.wav");
        try (var file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(20L << 20);
        }
        // A slow uplink (2 MB/s), so the 20 MB upload takes about ten seconds.
        alice.driver.executeCdpCommand("Network.enable", java.util.Map.of());
        alice.driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", false,
                "latency", 0, "downloadThroughput", -1, "uploadThroughput", 2 * 1024 * 1024));
        alice.driver.findElement(By.id("attach-input")).sendKeys(big.toString());
        By progress = By.cssSelector("#uploads .upload-uploading progress");
        alice.waitUntil(d -> {
            var bars = d.findElements(progress);
            if (bars.isEmpty()) {
                return false;
            }
            int value = Integer.parseInt(bars.get(0).getAttribute("value"));
            return value > 0 && value < 100;
        });
        alice.screenshot("files-progress-desktop");
        alice.driver.findElement(By.cssSelector("#uploads .upload-cancel")).click();
        alice.waitUntil(d -> d.findElements(By.cssSelector("#uploads .upload")).isEmpty());
        assertThat(alice.driver.findElements(By.cssSelector("#messages .file"))).isEmpty();
    }

    @Test
    void inAnEncryptedRoomThePictureIsCiphertextOnTheServerAndOpensInBothBrowsers() throws IOException {
        var alice = browser("/").join(unique("alice"));
        alice.driver.findElement(By.id("new-e2e-room")).click();
        alice.waitUntil(d -> String.valueOf(alice.js("return document.getElementById('invite-url').value"))
                .contains("?k="));
        String invite = String.valueOf(alice.js("return document.getElementById('invite-url').value"));
        alice.driver.findElement(By.id("invite-url")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        var bob = browser(invite.substring(base.length())).join(unique("bob"));

        byte[] png = TestImages.picture("png", 900, 600);
        alice.driver.findElement(By.id("attach-input")).sendKeys(temp("secret-plan.png", png).toString());

        for (Browser b : new Browser[] {alice, bob}) {
            b.waitUntil(d -> loadedThumbs(b) == 1);
            assertThat(b.driver.findElement(THUMBS).getAttribute("src")).startsWith("blob:");
        }
        bob.driver.findElement(By.cssSelector("#messages .file-image")).click();
        bob.waitUntil(d -> (Boolean) bob.js("const i = document.querySelector('#lightbox img');"
                + "return !!i && i.complete && i.naturalWidth === 900"));
        assertThat(bob.driver.findElement(By.cssSelector("#lightbox .lightbox-name")).getText())
                .isEqualTo("secret-plan.png");
        bob.screenshot("files-encrypted-lightbox");

        // What the server keeps is ciphertext: neither the picture nor its name is in any file of its data dir.
        try (var files = Files.walk(server.config().dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertThat(indexOf(bytes, Arrays.copyOfRange(png, 0, 64))).as(file.toString()).isEqualTo(-1);
                assertThat(indexOf(bytes, "secret-plan".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .as(file.toString()).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
