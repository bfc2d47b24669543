package chat.parley;

import chat.parley.config.Setting;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks a fixed port before the broker or web server tries it, so a port in use fails fast with a clear message
 * (HiveMQ only logs a listener it cannot bind). The components check again after binding.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(String bind, int port, String what, Setting setting) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw new StartupException(what + " port " + port + " is already in use on " + bind
                    + "; choose another with " + setting.flag(), e);
        }
    }
}
