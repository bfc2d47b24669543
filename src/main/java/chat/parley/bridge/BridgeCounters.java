package chat.parley.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bridge's counters on {@code /metrics}: messages carried, refused and looped, and gap repair (requests this site
 * sent, requests it answered, requests it refused or dropped, messages it recovered), and shared files carried.
 */
record BridgeCounters(Counter in, Counter out, Counter refused, Counter loops, Counter repairsRequested,
                      Counter repairsAnswered, Counter repairsRefused, Counter repairsDropped, Counter recovered,
                      Counter filesSent, Counter filesReceived, Counter filesRefused, Counter filesExpired) {

    static BridgeCounters register(MeterRegistry registry) {
        return new BridgeCounters(
                Counter.builder("parley.bridge.messages").tag("direction", "in")
                        .description("Chat messages the bridge carried, by direction").register(registry),
                Counter.builder("parley.bridge.messages").tag("direction", "out")
                        .description("Chat messages the bridge carried, by direction").register(registry),
                Counter.builder("parley.bridge.refused")
                        .description("Messages from the remote broker refused by the chat rules").register(registry),
                Counter.builder("parley.bridge.loops")
                        .description("Messages from the remote broker dropped because they carry this site's origin")
                        .register(registry),
                repairs(registry, "requested"),
                repairs(registry, "answered"),
                repairs(registry, "refused"),
                repairs(registry, "dropped"),
                Counter.builder("parley.bridge.recovered")
                        .description("Messages stored here that came through a repair answer (the remote had lost "
                                + "them for this site)").register(registry),
                files(registry, "sent"),
                files(registry, "received"),
                files(registry, "refused"),
                files(registry, "expired"));
    }

    private static Counter files(MeterRegistry registry, String event) {
        return Counter.builder("parley.bridge.files").tag("event", event)
                .description("Shared files over the bridge: sent whole to the remote (sent), arrived whole with the "
                        + "right SHA-256 (received), not carried (refused: over bridge-max-file-bytes, malformed, "
                        + "a wrong hash, too many arriving at once, not taken here), incomplete and dropped (expired)")
                .register(registry);
    }

    private static Counter repairs(MeterRegistry registry, String event) {
        return Counter.builder("parley.bridge.repairs").tag("event", event)
                .description("Gap repair requests: sent by this site (requested), answered by it (answered), refused "
                        + "as malformed or about a room it does not bridge (refused), dropped because too many "
                        + "waited (dropped)")
                .register(registry);
    }
}
