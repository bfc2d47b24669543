package chat.parley.bridge;

import java.util.List;

/**
 * The bridge's state, as the admin API shows it.
 *
 * @param enabled          whether it is on
 * @param connected        whether it is connected to the remote and subscribed
 * @param url              the remote broker
 * @param remotePrefix     topic prefix on the remote
 * @param origin           this site's id on the remote
 * @param rooms            bridged rooms ({@code *} = all)
 * @param qos              QoS on the remote
 * @param queueDepth       messages waiting to be sent
 * @param queueMax         the queue's bound
 * @param dropped          messages dropped because the queue was full, since start
 * @param lastError        the last problem, or {@code null}
 * @param lastErrorAt      when it happened (ISO-8601), or {@code null}
 * @param messagesIn       messages from the remote stored here, since start
 * @param messagesOut      messages sent to the remote, since start
 * @param refused          messages from the remote refused by the chat rules, since start
 * @param loopsDropped     messages from the remote dropped because they carry this site's origin, since start
 * @param repairsRequested repair requests this site sent, since start
 * @param repairsAnswered  repair requests of other sites this site answered, since start
 * @param repairsRefused   repair requests refused (malformed, or about a room this site does not bridge)
 * @param repairsDropped   repair requests dropped because too many waited, since start
 * @param recovered        messages stored here that came through a repair answer, since start
 * @param origins          where each other site stands in each room
 */
public record BridgeStatus(boolean enabled, boolean connected, String url, String remotePrefix, String origin,
                           List<String> rooms, int qos, long queueDepth, int queueMax, long dropped, String lastError,
                           String lastErrorAt, long messagesIn, long messagesOut, long refused, long loopsDropped,
                           long repairsRequested, long repairsAnswered, long repairsRefused, long repairsDropped,
                           long recovered, List<Origin> origins) {

    /**
     * Where another site stands in one room here.
     *
     * @param origin    the site
     * @param room      the room
     * @param held      its last counter held here with none missing before it
     * @param highest   its highest counter seen or announced here
     * @param missing   how many of its counters up to {@code highest} are missing here: an open gap when above 0
     * @param repairing whether a repair request for them is in flight
     */
    public record Origin(String origin, String room, long held, long highest, long missing, boolean repairing) {
    }
}
