package chat.parley.broker;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open MQTT connections per IP address, against {@code max-connections-per-ip}. The authenticator reserves a slot
 * just before it accepts a connection; the connection's disconnect gives it back.
 */
final class ConnectionLimit implements DisconnectListener {

    private static final String COUNTED = "parley.connection.ip";

    private final int max;
    private final Map<String, Integer> byIp = new ConcurrentHashMap<>();

    /** @param max connections per IP address, 0 for unlimited */
    ConnectionLimit(int max) {
        this.max = max;
    }

    /** The limit, 0 for none. */
    int max() {
        return max;
    }

    /** Reserves a slot for this connection's address; false when that address is at the limit. */
    boolean admit(ConnectionInformation connection) {
        if (max == 0) {
            return true;
        }
        String ip = connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null);
        if (ip == null) {
            return true;
        }
        boolean[] admitted = {false};
        byIp.compute(ip, (key, open) -> {
            int n = open == null ? 0 : open;
            if (n >= max) {
                return open;
            }
            admitted[0] = true;
            return n + 1;
        });
        if (admitted[0]) {
            connection.getConnectionAttributeStore().putAsString(COUNTED, ip);
        }
        return admitted[0];
    }

    /** Open connections counted for this address. */
    int count(String ip) {
        return byIp.getOrDefault(ip, 0);
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        var store = input.getConnectionInformation().getConnectionAttributeStore();
        store.getAsString(COUNTED).ifPresent(ip -> {
            store.remove(COUNTED);
            byIp.computeIfPresent(ip, (key, open) -> open <= 1 ? null : open - 1);
        });
    }
}
