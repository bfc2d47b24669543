package chat.parley.broker;

import chat.parley.accounts.RoomAccess;
import chat.parley.chat.ChatTopic;
import chat.parley.chat.Envelope;
import chat.parley.chat.RefusedException;
import chat.parley.chat.Refusal;
import chat.parley.chat.Stamp;
import chat.parley.chat.Topics;
import chat.parley.config.ParleyConfig.RateLimit;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.ModifiablePublishPacket;
import com.hivemq.extension.sdk.api.packets.publish.PayloadFormatIndicator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Applies the chat rules to every inbound publish in the chat namespace: validates, stamps {@code from}, {@code client}
 * and {@code ts}, wraps plain text into an envelope, and refuses what breaks a rule (MQTT 5: PUBACK reason code;
 * MQTT 3: the message is dropped). Chat messages are then stored, and the publish continues (and is acknowledged)
 * only after the store committed it, stamped with its {@code seq}. Topics outside the namespace pass through
 * untouched, and so does what a trusted web node publishes ({@link NodePublishes}).
 */
final class ChatPublishInterceptor implements PublishInboundInterceptor {

    /** How long a publish may wait for the store before it is refused (and, for MQTT 3, the client disconnected). */
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final Topics topics;
    private final ChatIntake intake;
    private final RefusalCounter refusals;
    private final RateLimit rateLimit;
    private final TokenBucket bucket;
    private final RoomAccess access;
    private final OutboundTraffic outbound;
    private final TrafficCounter traffic;
    /** Who the connection is (read once: HiveMQ decodes an attribute anew on every read); null for the shared rules. */
    private final Sender sender;
    /**
     * The topic this connection published to last, parsed: a client writes to a few topics over and over, and parsing
     * splits the topic and matches names each time. One connection's publishes are intercepted one at a time.
     */
    private volatile ParsedTopic lastTopic = new ParsedTopic("", Optional.empty());

    /** Who is connected: the user it authenticated as, and, for a bot, the rooms it may post to. */
    private record Sender(Optional<String> user, Optional<java.util.List<String>> botRooms, boolean node) {
    }

    private record ParsedTopic(String topic, Optional<ChatTopic> parsed) {
    }

    private final NodePublishes nodePublishes;
    private final TypingReach typingReach;

    ChatPublishInterceptor(Topics topics, ChatIntake intake, RefusalCounter refusals, RateLimit rateLimit,
                           RoomAccess access, OutboundTraffic outbound, TrafficCounter traffic,
                           NodePublishes nodePublishes, TypingReach typingReach) {
        this(topics, intake, refusals, rateLimit, access, outbound, traffic, nodePublishes, typingReach, null, null);
    }

    private ChatPublishInterceptor(Topics topics, ChatIntake intake, RefusalCounter refusals, RateLimit rateLimit,
                                   RoomAccess access, OutboundTraffic outbound, TrafficCounter traffic,
                                   NodePublishes nodePublishes, TypingReach typingReach, TokenBucket bucket,
                                   Sender sender) {
        this.nodePublishes = nodePublishes;
        this.typingReach = typingReach;
        this.topics = topics;
        this.access = access;
        this.outbound = outbound;
        this.intake = intake;
        this.refusals = refusals;
        this.rateLimit = rateLimit;
        this.traffic = traffic;
        this.bucket = bucket;
        this.sender = sender;
    }

    /**
     * The interceptor for one client connection: the shared rules with the connection's own rate limit and identity
     * (set by the authenticator before the connection is initialised, and never changed while it lasts).
     */
    ChatPublishInterceptor forClient(ConnectionInformation connection) {
        return new ChatPublishInterceptor(topics, intake, refusals, rateLimit, access, outbound, traffic,
                nodePublishes, typingReach, new TokenBucket(rateLimit.perSecond(), rateLimit.burst()), senderOf(connection));
    }

    private static Sender senderOf(ConnectionInformation connection) {
        return new Sender(ClientIdentity.user(connection), ClientIdentity.botRooms(connection),
                ClientIdentity.isNode(connection));
    }

    private void requireRate() throws RefusedException {
        if (bucket != null && !bucket.tryTake()) {
            throw new RefusedException(Refusal.RATE_LIMITED, "more than " + rateLimit.perSecond()
                    + " messages a second (burst " + rateLimit.burst() + "): slow down");
        }
    }

    private void requireAccess(String room, Optional<String> user) throws RefusedException {
        var refusal = access.refusal(room, user);
        if (refusal.isPresent()) {
            throw new RefusedException(Refusal.NOT_AUTHORIZED, refusal.get());
        }
    }

    /** A bot limited to some rooms posts only there (its room limits, set by the admin). */
    private static void requireBotLimits(String room, String user, Optional<java.util.List<String>> botRooms)
            throws RefusedException {
        if (botRooms.isPresent()) {
            String refusal = new chat.parley.accounts.Bot(user, botRooms.get(), 0, true).limitRefusal(room);
            if (refusal != null) {
                throw new RefusedException(Refusal.NOT_AUTHORIZED, refusal);
            }
        }
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        traffic.received(clientId);
        String topic = input.getPublishPacket().getTopic();
        Optional<ChatTopic> chatTopic = parse(topic);
        if (chatTopic.isEmpty()) {
            return;
        }
        ModifiablePublishPacket packet = output.getPublishPacket();
        Sender who = sender != null ? sender : senderOf(input.getConnectionInformation());
        if (who.node()) { // stored by the node before it published: delivered as it is
            if (nodePublishes.published(topic, chatTopic.get(), output.getPublishPacket().getPayload()
                    .orElse(ByteBuffer.allocate(0)))) {
                outbound.accepted(topic);
            } else {
                output.preventPublishDelivery(); // a command for this broker: acknowledged, delivered to nobody
            }
            return;
        }
        Optional<String> user = who.user();
        try {
            ChatTopic parsed = chatTopic.get();
            if (parsed instanceof ChatTopic.RoomMeta || parsed instanceof ChatTopic.Presence
                    || parsed instanceof ChatTopic.UserEvents
                    || parsed instanceof ChatTopic.RoomPresence) {
                throw new RefusedException(Refusal.NOT_AUTHORIZED, "only the server publishes to " + topic);
            }
            if (parsed instanceof ChatTopic.Invalid invalid) {
                throw new RefusedException(Refusal.INVALID_TOPIC, invalid.problem());
            }
            // "from" is who the server knows the sender to be. A client id is chosen freely by anyone, so it never
            // stands in for a name: without a username there is nobody to stamp.
            var botRooms = who.botRooms();
            Stamp stamp = new Stamp(user.orElseThrow(() -> new RefusedException(Refusal.NOT_AUTHORIZED,
                    "connect with a username to chat: anonymous clients may read rooms but not write")),
                    clientId, System.currentTimeMillis(), botRooms.isPresent());
            ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
            if (parsed instanceof ChatTopic.RoomMessages messages) {
                requireAccess(messages.room(), user);
                requireBotLimits(messages.room(), user.get(), botRooms);
                requireRate();
                storeThenDeliver(input, output, topic, intake.validate(messages.room(), payload, stamp));
            } else if (parsed instanceof ChatTopic.DirectMessages dm) {
                if (!dm.isParty(user.get())) {
                    throw new RefusedException(Refusal.NOT_AUTHORIZED,
                            "only " + dm.a() + " and " + dm.b() + " may write to their direct messages");
                }
                requireBotLimits(dm.room(), user.get(), botRooms);
                requireRate();
                storeThenDeliver(input, output, topic, intake.validate(dm.room(), payload, stamp));
            } else if (parsed instanceof ChatTopic.Typing typing) {
                requireAccess(typing.room(), user);
                byte[] signal = intake.typingSignal(typing.room(), payload, stamp); // a bad one is refused in any room
                if (typingReach.delivers(typing.room())) {
                    deliver(packet, signal);
                    outbound.accepted(topic);
                } else {
                    output.preventPublishDelivery();
                }
            }
        } catch (RefusedException e) {
            refuse(input, output, e);
        }
    }

    private Optional<ChatTopic> parse(String topic) {
        ParsedTopic last = lastTopic;
        if (last.topic().equals(topic)) {
            return last.parsed();
        }
        Optional<ChatTopic> parsed = topics.parse(topic);
        lastTopic = new ParsedTopic(topic, parsed);
        return parsed;
    }

    /** Holds the publish (and its PUBACK) until the store has committed the message. */
    private void storeThenDeliver(PublishInboundInput input, PublishInboundOutput output, String topic,
                                  Envelope envelope) {
        Async<PublishInboundOutput> async = output.async(STORE_TIMEOUT, TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "the message could not be stored in time");
        // The store completes on its commit thread and this resumes right there: only a few field writes and a
        // hand-over to the broker, and under load every thread hop adds scheduling delay to each message.
        intake.store(envelope).whenComplete((appended, error) -> {
            try {
                RefusedException refused = error == null ? null : ChatIntake.refusal(error);
                if (refused != null) {
                    refuse(input, output, refused); // the room's history said no (an event's target, its author)
                } else if (error != null) {
                    // A negative code: MQTT 5 sees it, MQTT 3 is disconnected unacknowledged and will resend.
                    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "the message could not be stored");
                } else if (appended.duplicate()) {
                    // Stored and delivered before, or a reaction that changes nothing: acknowledge, deliver nothing.
                    output.preventPublishDelivery();
                } else {
                    deliver(output.getPublishPacket(), appended.json().getBytes(StandardCharsets.UTF_8));
                    outbound.accepted(topic);
                }
            } finally {
                async.resume();
            }
        });
    }

    private static void deliver(ModifiablePublishPacket packet, byte[] json) {
        packet.setPayload(ByteBuffer.wrap(json));
        packet.setRetain(false);
        packet.setContentType("application/json");
        packet.setPayloadFormatIndicator(PayloadFormatIndicator.UTF_8);
    }

    private void refuse(PublishInboundInput input, PublishInboundOutput output, RefusedException e) {
        refusals.refused(e.refusal(), input.getClientInformation().getClientId(),
                input.getPublishPacket().getTopic(), e.getMessage());
        if (input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5) {
            output.preventPublishDelivery(ackCode(e.refusal()), e.getMessage());
        } else {
            // MQTT 3 has no negative PUBACK; a reason code would disconnect the client, so drop the message instead.
            output.preventPublishDelivery();
        }
    }

    private static AckReasonCode ackCode(Refusal refusal) {
        return switch (refusal.reasonCode()) {
            case 0x90 -> AckReasonCode.TOPIC_NAME_INVALID;
            case 0x87 -> AckReasonCode.NOT_AUTHORIZED;
            case 0x97 -> AckReasonCode.QUOTA_EXCEEDED;
            case 0x99 -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
            case 0x83 -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            default -> AckReasonCode.UNSPECIFIED_ERROR;
        };
    }
}
