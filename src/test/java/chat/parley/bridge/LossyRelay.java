package chat.parley.bridge;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback MQTT relay between one site and the remote broker that loses publishes, as a public broker may: it reads
 * MQTT packets both ways and drops a share of the PUBLISH packets at random. A dropped QoS 1 publish is acknowledged
 * to its sender with a PUBACK the relay writes itself, so neither side waits or resends: the message is simply gone,
 * like one the remote accepted and forgot. Every other packet passes unchanged. Seeded, so a run can be repeated.
 */
final class LossyRelay implements AutoCloseable {

    private static final int PUBLISH = 3;

    private final ServerSocket server;
    private final int upstreamPort;
    private final Random random;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile double dropRate;

    private LossyRelay(ServerSocket server, int upstreamPort, long seed) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        this.random = new Random(seed);
    }

    /** Listens on a free loopback port and relays to the broker on {@code upstreamPort}, dropping nothing yet. */
    static LossyRelay start(int upstreamPort, long seed) {
        try {
            var relay = new LossyRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort, seed);
            thread("relay-accept", relay::acceptLoop).start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on drops this share (0..1) of the publishes, both ways. */
    void dropRate(double rate) {
        this.dropRate = rate;
    }

    /** The URL a site's bridge takes to go through the relay. */
    String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    long passed() {
        return passed.get();
    }

    long dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket site = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                site.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(site);
                sockets.add(broker);
                thread("relay-up", () -> pump(site, broker)).start();
                thread("relay-down", () -> pump(broker, site)).start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies packets from {@code from} to {@code to}; a dropped QoS 1 publish is acknowledged back to {@code from}. */
    private void pump(Socket from, Socket to) {
        try {
            var in = new DataInputStream(from.getInputStream());
            while (true) {
                byte[] packet = readPacket(in);
                int type = (packet[0] & 0xF0) >> 4;
                if (type == PUBLISH && shouldDrop()) {
                    dropped.incrementAndGet();
                    int qos = (packet[0] >> 1) & 0x03;
                    if (qos == 1) {
                        write(from, puback(packet));
                    }
                    continue;
                }
                if (type == PUBLISH) {
                    passed.incrementAndGet();
                }
                write(to, packet);
            }
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private synchronized boolean shouldDrop() {
        return dropRate > 0 && random.nextDouble() < dropRate;
    }

    /** One whole MQTT packet: fixed header byte, remaining length (variable byte integer), body. */
    private static byte[] readPacket(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException();
        }
        var header = new java.io.ByteArrayOutputStream();
        header.write(first);
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            header.write(b);
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0 && shift < 28);
        byte[] body = new byte[length];
        in.readFully(body);
        header.write(body);
        return header.toByteArray();
    }

    /** A PUBACK (MQTT 5, remaining length 2: success) for a QoS 1 PUBLISH packet. */
    private static byte[] puback(byte[] publish) {
        int i = 1;
        while ((publish[i] & 0x80) != 0) {
            i++;
        }
        i++; // past the remaining length
        int topicLength = ((publish[i] & 0xFF) << 8) | (publish[i + 1] & 0xFF);
        int id = i + 2 + topicLength;
        return new byte[] {0x40, 0x02, publish[id], publish[id + 1]};
    }

    /** Whole packets only, one writer at a time: both pumps write to each socket (relayed packets and PUBACKs). */
    private static void write(Socket socket, byte[] packet) throws IOException {
        synchronized (socket) {
            OutputStream out = socket.getOutputStream();
            out.write(packet);
            out.flush();
        }
    }

    private static Thread thread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(LossyRelay::closeQuietly);
    }
}
