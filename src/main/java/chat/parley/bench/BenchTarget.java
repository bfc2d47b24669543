package chat.parley.bench;

import chat.parley.ParleyServer;
import chat.parley.config.ParleyConfig;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;

/**
 * Where a benchmark sends its load: the MQTT broker at a URL ({@code mqtt://host:port}: Parley, a bare HiveMQ,
 * Mosquitto …), or, without a URL, a Parley server started in this process on free loopback ports with a temp data
 * dir and no rate limit (the load generator is far faster than people).
 */
final class BenchTarget implements AutoCloseable {

    private final String host;
    private final int port;
    private final long serverPid;
    private final ParleyServer server;

    private BenchTarget(String host, int port, long serverPid, ParleyServer server) {
        this.host = host;
        this.port = port;
        this.serverPid = serverPid;
        this.server = server;
    }

    /**
     * @param url       {@code mqtt://host:port} (or {@code tcp://}); {@code null} starts Parley in this process
     * @param serverPid the broker's process id, for its CPU time and RSS; 0 when unknown
     */
    static BenchTarget open(String url, long serverPid, PrintWriter out) throws Exception {
        if (url != null) {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new chat.parley.config.ConfigException("--url must look like mqtt://127.0.0.1:1883, got " + url);
            }
            return new BenchTarget(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort(), serverPid, null);
        }
        ParleyConfig config = ParleyConfig.ephemeral(Files.createTempDirectory("parley-bench"))
                .withRateLimit(new ParleyConfig.RateLimit(Integer.MAX_VALUE, Integer.MAX_VALUE));
        ParleyServer server = ParleyServer.start(config);
        out.printf("target: Parley in this process, mqtt://127.0.0.1:%d%n", server.mqttPort());
        out.flush();
        return new BenchTarget("127.0.0.1", server.mqttPort(), ProcessHandle.current().pid(), server);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The broker's process, or 0 when unknown. With Parley in this process, it is this process. */
    long serverPid() {
        return serverPid;
    }

    boolean inProcess() {
        return server != null;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
