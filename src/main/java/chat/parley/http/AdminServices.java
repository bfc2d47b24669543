package chat.parley.http;

import chat.parley.bridge.Bridge;
import chat.parley.broker.ClientControl;
import chat.parley.broker.SystemMessages;
import chat.parley.broker.TrafficRates;

import java.time.Instant;

/**
 * What the admin API steers besides the store: the broker's connections, the server's own room messages and the
 * traffic sampler.
 *
 * @param clients open MQTT connections (list, kick, ban)
 * @param system  system messages into rooms (moderation notices)
 * @param traffic messages per second, in and out
 * @param started when the server started
 * @param bridge   the bridge to the remote broker
 * @param refusals counts refused posts, by reason (a bad bot token or webhook URL too)
 * @param startup  how long start-up took, by part, in milliseconds (empty until it has finished)
 */
public record AdminServices(ClientControl clients, SystemMessages system, TrafficRates traffic, Instant started,
                            Bridge bridge, chat.parley.broker.RefusalCounter refusals,
                            java.util.function.Supplier<java.util.Map<String, Long>> startup) {
}
