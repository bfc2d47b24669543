package chat.parley.config;

/**
 * What one client may hold in the broker.
 *
 * @param connectionsPerIp MQTT connections one IP address may hold open at once, 0 for unlimited
 * @param subscriptions    topic filters one MQTT connection may subscribe to, 0 for unlimited
 * @param packetBytes      the largest MQTT packet the broker reads, any topic, 0 for {@link #AUTO_PACKET_HEADROOM}
 *                         more than the largest chat payload
 */
public record ClientLimits(int connectionsPerIp, int subscriptions, int packetBytes) {

    /** Room for a packet's topic (up to 64 KiB) and properties beside the largest chat payload. */
    public static final int AUTO_PACKET_HEADROOM = 65_536;

    public ClientLimits {
        if (connectionsPerIp < 0) {
            throw new ConfigException("max-connections-per-ip: must be 0 (unlimited) or more, got " + connectionsPerIp);
        }
        if (subscriptions < 0) {
            throw new ConfigException("max-subscriptions: must be 0 (unlimited) or more, got " + subscriptions);
        }
        if (packetBytes != 0 && packetBytes < 1024) {
            throw new ConfigException("max-packet-bytes: must be 0 (automatic) or at least 1024, got " + packetBytes);
        }
    }

    /** The packet limit the broker enforces, given the largest chat payload. */
    public int packetBytesFor(int maxPayloadBytes) {
        if (packetBytes != 0) {
            return packetBytes;
        }
        return (int) Math.min(268_435_455L, (long) maxPayloadBytes + AUTO_PACKET_HEADROOM); // MQTT's own maximum
    }
}
