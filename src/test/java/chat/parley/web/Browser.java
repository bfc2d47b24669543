package chat.parley.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One headless Chromium (Debian's {@code chromium} + {@code chromium-driver}) driving the Parley web client, with its
 * own fresh profile (so its own localStorage). Selenium Manager is never used: the driver and the browser are the
 * system's ({@code -Dparley.chromium} and {@code -Dwebdriver.chrome.driver} point elsewhere; test.sh sets both). Without
 * them the test fails with one line saying what to install: a browser test never skips.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);

    final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final int width;
    private final int height;
    private final String[] extraArgs;

    private Browser(ChromeDriver driver, Path profile, String baseUrl, int width, int height, String[] extraArgs) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
        this.width = width;
        this.height = height;
        this.extraArgs = extraArgs;
    }

    /** Fails the test with one line when the browser or its driver is missing. */
    static void requireChromium() {
        for (Path program : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(program)) {
                throw new AssertionError("browser tests need Chromium and chromedriver, and " + program
                        + " is missing: run ./test.sh (installs chromium and chromium-driver with apt, or names the"
                        + " packages for this system), or pass -Dparley.chromium=PATH -Dwebdriver.chrome.driver=PATH");
            }
        }
    }

    /** Starts a browser with a desktop-sized window and opens {@code baseUrl + path}. */
    static Browser open(String baseUrl, String path) {
        return open(baseUrl, path, 1280, 800);
    }

    /** Like {@link #open(String, String)} with more Chromium flags, e.g. to trust a test server's TLS key. */
    static Browser open(String baseUrl, String path, String... extraArgs) {
        return open(baseUrl, path, 1280, 800, extraArgs);
    }

    static Browser open(String baseUrl, String path, int width, int height, String... extraArgs) {
        requireChromium();
        Path profile;
        try {
            profile = Files.createTempDirectory("parley-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch(baseUrl, path, width, height, profile, extraArgs);
    }

    /**
     * Quits this browser as a person closes it, keeping its profile (localStorage, IndexedDB, the service worker and its
     * caches), and starts a new one on that profile at {@code path}. Close the returned browser, not this one.
     */
    Browser restart(String path) {
        driver.quit();
        return launch(baseUrl, path, width, height, profile, extraArgs);
    }

    private static Browser launch(String baseUrl, String path, int width, int height, Path profile,
                                  String... extraArgs) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.addArguments(extraArgs);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        var driver = new ChromeDriver(service, options);
        if (width < 500) {
            // Chromium keeps a window at least 500 px wide: a phone's narrower screen is emulated
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width,
                    "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
        var browser = new Browser(driver, profile, baseUrl, width, height, extraArgs);
        browser.go(path);
        return browser;
    }

    void go(String path) {
        driver.get(baseUrl + path);
    }

    /**
     * Opens {@code path} on another server (a load balancer sending this browser to another web node), carrying this
     * origin's localStorage over (its name, secret, rooms and last seen seqs), as one origin in front of both would.
     */
    void moveTo(String otherBaseUrl, String path) {
        String saved = (String) js("return JSON.stringify(Object.assign({}, localStorage))");
        driver.get(otherBaseUrl + "/api/info"); // any page of the other origin, to write its storage
        js("const s = JSON.parse(arguments[0]); for (const k of Object.keys(s)) localStorage.setItem(k, s[k]);",
                saved);
        driver.get(otherBaseUrl + path);
    }

    void reload() {
        driver.navigate().refresh();
    }

    /** Joins with a name from the join screen and waits for the chat to be connected. */
    Browser join(String user) {
        var name = waitFor(d -> visible(By.id("join-name")));
        name.clear();
        name.sendKeys(user);
        driver.findElement(By.id("join-button")).click();
        waitConnected();
        return this;
    }

    void waitConnected() {
        waitUntil(d -> "connected".equals(connectionState()));
    }

    /** The connection state the page shows: connecting, connected, reconnecting or failed. */
    String connectionState() {
        return (String) js("return document.getElementById('app').dataset.connection || ''");
    }

    String bannerText() {
        return driver.findElement(By.id("banner")).getText();
    }

    /** Types into the message box and presses Enter. */
    void send(String text) {
        var input = waitFor(d -> visible(By.id("input")));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** The texts of the messages shown in the open room, in order. */
    @SuppressWarnings("unchecked")
    List<String> messageTexts() {
        return (List<String>) js("return [...document.querySelectorAll('#messages .msg .text')].map(e => e.textContent)");
    }

    /** Waits until the open room shows a message with exactly this text. */
    void waitForMessage(String text) {
        waitUntil(d -> (Boolean) js(MESSAGE_BY_TEXT + "return !!m", text));
    }

    /** The links in the (last) message with this text: [{href, rel, target, text}]. */
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, String>> linksIn(String text) {
        return (List<java.util.Map<String, String>>) js(MESSAGE_BY_TEXT + "return m ? [...m.querySelectorAll('a')]"
                + ".map(a => ({href: a.getAttribute('href'), rel: a.rel, target: a.target, text: a.textContent})) : []", text);
    }

    /** The class attribute of the (last) message with this text in the open room, or null. */
    String messageClass(String text) {
        return (String) js(MESSAGE_BY_TEXT + "return m ? m.className : null", text);
    }

    /** The sender shown above the (last) message with this text, looking back over grouped messages. */
    String messageSender(String text) {
        return (String) js(MESSAGE_BY_TEXT + "while (m && !m.querySelector('.from')) m = m.previousElementSibling;"
                + "return m ? m.querySelector('.from').textContent : null", text);
    }

    private static final String MESSAGE_BY_TEXT = "let m = [...document.querySelectorAll('#messages .msg')]"
            + ".filter(e => e.querySelector('.text') && e.querySelector('.text').textContent === arguments[0]).pop();";

    String activeRoom() {
        return driver.findElement(By.id("room-title")).getText();
    }

    @SuppressWarnings("unchecked")
    List<String> roomList() {
        return (List<String>) js("return [...document.querySelectorAll('#rooms .room-link')].map(e => e.dataset.room)");
    }

    /** The unread badge of a room in the list ("" when none). */
    String unreadBadge(String room) {
        return (String) js("const b = document.querySelector('#rooms .room-link[data-room=\"' + arguments[0] + '\"] .badge');"
                + "return b ? b.textContent : ''", room);
    }

    void openRoom(String room) {
        driver.findElement(By.cssSelector("#rooms .room-link[data-room='" + room + "']")).click();
        waitUntil(d -> room.equals(activeRoom()));
    }

    void joinRoom(String name) {
        var input = driver.findElement(By.id("join-room-name"));
        input.sendKeys(name);
        input.sendKeys(Keys.ENTER);
    }

    /**
     * A second connection of this browser's own user and client id, which takes the browser's connection over (MQTT
     * session takeover): the way to make the page lose its connection without stopping the server. Only the same
     * user may do that; anyone else is refused (see IdentityAttacksTest).
     */
    com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient takeOverConnection(String user, int mqttPort) {
        String clientId = clientId();
        String secret = (String) js("return JSON.parse(localStorage.getItem('parley.secrets') || '{}')[arguments[0]]",
                user);
        var twin = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(mqttPort).buildAsync();
        chat.parley.Mqtt.join(twin.connectWith().simpleAuth().username(user)
                .password(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)).applySimpleAuth().send());
        return twin;
    }

    /** The page's MQTT client id: not shown (people need not see it), but kept in the hidden #me-client. */
    String clientId() {
        return (String) js("return document.getElementById('me-client').textContent");
    }

    /** The page's console errors so far (SEVERE entries of the browser log, such as a failed request), drained. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    /** Starts a browser with a window of this size (e.g. a 360 px wide phone). */
    static Browser openSized(String baseUrl, String path, int width, int height) {
        return open(baseUrl, path, width, height);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs a script that ends by calling its last argument (a callback) with the result; waits for that result. */
    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Waits until a service worker controls the page (it was installed and claimed it). */
    void waitForServiceWorker() {
        waitUntil(d -> (Boolean) js("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"));
    }

    WebElement visible(By by) {
        var found = driver.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
    }

    <T> T waitFor(Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.apply((ChromeDriver) d));
    }

    void waitUntil(Function<ChromeDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.apply((ChromeDriver) d) ? Boolean.TRUE : null);
    }

    /** Saves a screenshot as a phone of this width and height sees the page (emulated), then goes back to the window. */
    Path phoneScreenshot(String name, int phoneWidth, int phoneHeight) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", phoneWidth,
                "height", phoneHeight, "deviceScaleFactor", 1, "mobile", true));
        try {
            // the narrower page closes its drawer with a transition: the picture is of the page at rest
            waitUntil(d -> (Boolean) js("return document.getAnimations().length === 0"));
            return screenshot(name);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
        }
    }

    /** Saves a PNG screenshot under target/screenshots and returns its path. */
    Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile.toFile());
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
