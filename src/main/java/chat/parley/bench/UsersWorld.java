package chat.parley.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttWebSocketConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.reactivex.schedulers.Schedulers;

import java.net.URI;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the simulated users of one load-generator process share: the REST client, the MQTT client set-up (a few Netty
 * threads and one small callback pool for thousands of connections), the counters and the measured window.
 */
final class UsersWorld implements AutoCloseable {

    private final UsersRest rest;
    private final String prefix;
    private final String host;
    private final int port;
    private final MqttWebSocketConfig webSocket;
    private final MqttClientExecutorConfig executors;
    private final ExecutorService callbacks;
    private final ExecutorService http;
    private final UsersCounters counters = new UsersCounters();
    private final Random random;
    private volatile long measureFromMicros = Long.MAX_VALUE;
    private volatile long measureToMicros = Long.MAX_VALUE;

    /**
     * @param httpUrl the server's HTTP address
     * @param wsUrl   its MQTT WebSocket, e.g. {@code ws://127.0.0.1:8000/mqtt}
     * @param threads Netty threads for all connections, and as many for callbacks and HTTP
     */
    UsersWorld(String httpUrl, String wsUrl, String prefix, int threads, long seed) {
        this.http = Executors.newFixedThreadPool(threads, daemon("users-http"));
        this.callbacks = Executors.newFixedThreadPool(threads, daemon("users-callbacks"));
        this.rest = new UsersRest(httpUrl, http);
        this.prefix = prefix;
        URI ws = URI.create(wsUrl);
        if (ws.getHost() == null || ws.getPort() < 0) {
            throw new chat.parley.config.ConfigException("the WebSocket URL must look like ws://127.0.0.1:8000/mqtt, got "
                    + wsUrl);
        }
        this.host = ws.getHost();
        this.port = ws.getPort();
        String path = ws.getPath() == null ? "" : ws.getPath();
        this.webSocket = MqttWebSocketConfig.builder().serverPath(path.startsWith("/") ? path.substring(1) : path)
                .subprotocol("mqtt")
                .handshakeTimeout(60, TimeUnit.SECONDS).build(); // 10 s by default: too short in a connect storm
        this.executors = MqttClientExecutorConfig.builder().nettyThreads(threads)
                .applicationScheduler(Schedulers.from(callbacks)).build();
        this.random = new Random(seed);
    }

    /** Wall-clock microseconds: the same clock in every process of the machine, so a sender in one generator and a
     * receiver in another measure one delay. */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    Mqtt5AsyncClient newClient(String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost(host).serverPort(port)
                .webSocketConfig(webSocket).executorConfig(executors).buildAsync();
    }

    /** Delays from now on count, until {@code toMicros}. */
    void measure(long fromMicros, long toMicros) {
        measureToMicros = toMicros;
        measureFromMicros = fromMicros;
    }

    boolean measuring(long nowMicros) {
        return nowMicros >= measureFromMicros && nowMicros <= measureToMicros;
    }

    /** A history request took this long: on start (the first pages) or later (catch-ups after reconnects). */
    void recordHistory(long micros, boolean onStart) {
        if (onStart) {
            counters.startHistory.add(micros);
        } else if (measuring(epochMicros())) {
            counters.history.add(micros);
        }
    }

    UsersRest rest() {
        return rest;
    }

    String prefix() {
        return prefix;
    }

    UsersCounters counters() {
        return counters;
    }

    /** Shared by every user of this process ({@link Random} is thread-safe). */
    Random random() {
        return random;
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
        http.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        var count = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
