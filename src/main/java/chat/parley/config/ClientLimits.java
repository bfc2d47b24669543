package chat.parley.config;

/**
 * What one client may hold in the broker.
 *
 * @param connectionsPerIp MQTT connections one IP address may hold open at once, 0 for unlimited
 * @param subscriptions    topic filters one MQTT connection may subscribe to, 0 for unlimited
 */
public record ClientLimits(int connectionsPerIp, int subscriptions) {

    public ClientLimits {
        if (connectionsPerIp < 0) {
            throw new ConfigException("max-connections-per-ip: must be 0 (unlimited) or more, got " + connectionsPerIp);
        }
        if (subscriptions < 0) {
            throw new ConfigException("max-subscriptions: must be 0 (unlimited) or more, got " + subscriptions);
        }
    }
}
