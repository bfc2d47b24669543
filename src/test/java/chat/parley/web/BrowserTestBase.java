package chat.parley.web;

import chat.parley.ParleyServer;
import chat.parley.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every browser test class shares: one real server per class (closed after the class, before the JVM's next class
 * starts its own), the browsers a test opened (closed after it), and user names no other test of the class has claimed.
 * Without Chromium and chromedriver the class fails at once with one line saying what to install.
 */
abstract class BrowserTestBase {

    private static final AtomicInteger NAMES = new AtomicInteger();

    static ParleyServer server;
    static String base;
    final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        Browser.requireChromium();
        server = TestServer.start();
        base = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    /** A user name no other test of this class has claimed (the server is shared, and claims are per server). */
    static String unique(String name) {
        return name + NAMES.incrementAndGet();
    }

    /** A new browser at {@code path} of the server, closed after the test. */
    Browser browser(String path) {
        var b = Browser.open(base, path);
        browsers.add(b);
        return b;
    }
}
