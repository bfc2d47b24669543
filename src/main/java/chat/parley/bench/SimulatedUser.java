package chat.parley.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One person with the web client open: signs in over REST (claims the name, then a session whose token is also the
 * MQTT password), connects over the MQTT WebSocket, subscribes to what {@code web/src/connection.js} subscribes to
 * (its events, its DMs, and per room messages, typing, meta and presence), loads the latest page of each room, and
 * after a dropped connection catches up each room from the last seq it has. Every delivered message is checked
 * against the room's seq stream ({@link SeqTracker}) so nothing lost goes unnoticed.
 */
final class SimulatedUser {

    /**
     * One of the user's rooms: its topics and what the user has of it; {@code quiet}: more members than the server's
     * {@code typingMaxPeople}, so no typing signals. (The web client counts the room's people online instead; in a
     * step every member signs in, so the two agree but for churn around the limit.)
     */
    record Room(String id, RoomPlan.Kind kind, String messages, String typing, String meta, String presence,
                SeqTracker seqs, boolean quiet) {
    }

    private static final int ATTEMPTS = 5;
    private static final byte[] TYPING = "{\"typing\":true}".getBytes(StandardCharsets.UTF_8);

    /** A message on its way, kept until its PUBACK. */
    private record Outgoing(String topic, byte[] payload) {
    }

    private final java.util.Queue<Outgoing> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final UsersWorld world;
    private final String name;
    private final String clientId;
    private final Room[] rooms;
    private volatile String token;
    private volatile Mqtt5AsyncClient client;
    private volatile boolean connected;
    private long sentCount;

    SimulatedUser(UsersWorld world, String name, List<Room> rooms) {
        this.world = world;
        this.name = name;
        this.clientId = name + "-web-" + Long.toString(world.random().nextLong() & 0xffffffffL, 36);
        this.rooms = rooms.toArray(Room[]::new);
    }

    String name() {
        return name;
    }

    boolean connected() {
        return connected;
    }

    Room[] rooms() {
        return rooms;
    }

    /** Sign in, connect, subscribe, load each room's latest page. */
    CompletableFuture<Void> start() {
        return world.rest().claim(name).thenCompose(secret -> world.rest().login(name, secret))
                .thenCompose(session -> {
                    token = session;
                    return connect();
                })
                .thenCompose(x -> loadLatest());
    }

    /** The connection dropped (a laptop woke, Wi-Fi changed): connect again and catch up every room. */
    CompletableFuture<Void> reconnect() {
        connected = false;
        Mqtt5AsyncClient old = client;
        return old.disconnect().exceptionally(e -> null).thenCompose(x -> connect())
                .thenCompose(x -> {
                    flushOutbox();
                    return catchUp();
                });
    }

    /** Publishes {@code {"typing":true}} to a room, as the web client does when someone starts typing. */
    void startTyping(Room room) {
        if (connected && !room.quiet()) {
            world.counters().typingSent.increment();
            client.publishWith().topic(room.typing()).qos(MqttQos.AT_MOST_ONCE).payload(TYPING).send();
        }
    }

    /** Sends a message (QoS 1); as in the web client, no {@code {"typing":false}} follows (the message ends it). */
    void send(Room room) {
        if (!connected) {
            world.counters().skipped.increment();
            return;
        }
        long index;
        synchronized (this) {
            index = sentCount++;
        }
        world.counters().sent.increment();
        publish(new Outgoing(room.messages(), BenchMessage.encode(name, index, UsersWorld.epochMicros())));
    }

    /**
     * Publishes at QoS 1. A PUBACK with an error is a refusal; a publish whose connection dropped before its PUBACK
     * stays in the outbox and is sent again once connected, with the same id (stored once), as the web client does.
     */
    private void publish(Outgoing message) {
        var counters = world.counters();
        counters.inFlight.increment();
        client.publishWith().topic(message.topic()).qos(MqttQos.AT_LEAST_ONCE).payload(message.payload()).send()
                .whenComplete((result, e) -> {
                    Throwable error = e != null ? e : result.getError().orElse(null);
                    if (error == null) {
                        counters.acked.increment();
                    } else if (error instanceof Mqtt5PubAckException) {
                        counters.refused.increment();
                        counters.failed(error);
                    } else {
                        counters.resent.increment();
                        outbox.add(message);
                        if (connected) {
                            flushOutbox(); // the drop was seen after the new connection was up
                        }
                    }
                    counters.inFlight.decrement();
                });
    }

    private void flushOutbox() {
        Outgoing message;
        while (connected && (message = outbox.poll()) != null) {
            publish(message);
        }
    }

    CompletableFuture<Void> disconnect() {
        connected = false;
        Mqtt5AsyncClient c = client;
        return c == null ? CompletableFuture.completedFuture(null)
                : c.disconnect().exceptionally(e -> null).thenApply(x -> null);
    }

    /**
     * Connects, retrying a failed attempt after 1, 2, 4 … s (at most {@link #ATTEMPTS} attempts), as the web client
     * retries with backoff; a retry is counted, so a server that refuses or times out connections shows.
     */
    private CompletableFuture<Void> connect() {
        return connect(1);
    }

    private CompletableFuture<Void> connect(int attempt) {
        return connectOnce().handle((x, e) -> {
            if (e == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempt >= ATTEMPTS) {
                return CompletableFuture.<Void>failedFuture(e);
            }
            world.counters().retries.increment();
            var later = CompletableFuture.delayedExecutor(1L << (attempt - 1), java.util.concurrent.TimeUnit.SECONDS);
            return CompletableFuture.runAsync(() -> { }, later).thenCompose(y -> connect(attempt + 1));
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Void> connectOnce() {
        Mqtt5AsyncClient next = world.newClient(clientId);
        client = next;
        return next.connectWith().cleanStart(true).keepAlive(30).simpleAuth().username(name)
                .password(token.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send()
                .thenCompose(ack -> next.subscribe(subscriptions(), this::onPublish))
                .thenAccept(subAck -> {
                    for (var code : subAck.getReasonCodes()) {
                        if (code.isError()) {
                            throw new IllegalStateException(name + ": subscription refused: " + code);
                        }
                    }
                    connected = true;
                });
    }

    /** {@code web/src/connection.js}: its events, its DMs, then each room's four topics. */
    private Mqtt5Subscribe subscriptions() {
        String prefix = world.prefix();
        Mqtt5SubscribeBuilder.Start start = Mqtt5Subscribe.builder();
        var builder = start.addSubscription().topicFilter(prefix + "/users/" + name + "/events")
                .qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(prefix + "/dm/+/" + name + "/messages").qos(MqttQos.AT_LEAST_ONCE)
                .applySubscription()
                .addSubscription().topicFilter(prefix + "/dm/" + name + "/+/messages").qos(MqttQos.AT_LEAST_ONCE)
                .applySubscription();
        for (Room room : rooms) {
            builder = builder.addSubscription().topicFilter(room.messages()).qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription()
                    .addSubscription().topicFilter(room.typing()).qos(MqttQos.AT_MOST_ONCE).applySubscription()
                    .addSubscription().topicFilter(room.meta()).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter(room.presence()).qos(MqttQos.AT_LEAST_ONCE).applySubscription();
        }
        return builder.build();
    }

    private void onPublish(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        var counters = world.counters();
        for (Room room : rooms) {
            if (topic.equals(room.messages())) {
                byte[] bytes = publish.getPayloadAsBytes();
                long seq = BenchMessage.seq(bytes);
                if (seq < 0 || !room.seqs().live(seq)) {
                    counters.duplicates.increment();
                    return;
                }
                counters.live.increment();
                long[] sent = BenchMessage.decode(bytes);
                long now = UsersWorld.epochMicros();
                if (sent != null && world.measuring(now)) {
                    counters.delivery.add(now - sent[1]);
                    if (room.kind() == RoomPlan.Kind.EVERYONE) {
                        counters.deliveryEveryone.add(now - sent[1]);
                    }
                }
                return;
            }
            if (topic.equals(room.typing())) {
                counters.typingIn.increment();
                return;
            }
            if (topic.equals(room.presence())) {
                counters.presenceIn.increment();
                return;
            }
        }
    }

    /** As the web client opens: which rooms have messages, then the latest page of each of those. */
    private CompletableFuture<Void> loadLatest() {
        long t0 = System.nanoTime();
        var ids = java.util.Arrays.stream(rooms).map(Room::id).toList();
        return world.rest().lastSeqs(ids, token).thenCompose(last -> {
            world.recordHistory((System.nanoTime() - t0) / 1000, true);
            var pages = new ArrayList<CompletableFuture<?>>();
            for (Room room : rooms) {
                if (last.getOrDefault(room.id(), 0L) == 0) {
                    continue;
                }
                long t1 = System.nanoTime();
                pages.add(world.rest().latest(room.id(), token).thenAccept(page -> {
                    world.recordHistory((System.nanoTime() - t1) / 1000, true);
                    room.seqs().loaded(page.maxSeq());
                }));
            }
            return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new));
        });
    }

    private CompletableFuture<Void> catchUp() {
        var rounds = new ArrayList<CompletableFuture<?>>();
        for (Room room : rooms) {
            rounds.add(catchUp(room));
        }
        return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> catchUp(Room room) {
        long t0 = System.nanoTime();
        long from = room.seqs().synced();
        return world.rest().after(room.id(), from, token).thenCompose(page -> {
            world.recordHistory((System.nanoTime() - t0) / 1000, false);
            world.counters().caughtUp.add(room.seqs().caughtUp(page.seqs()));
            boolean more = page.hasMore() && room.seqs().synced() > from;
            return more ? catchUp(room) : CompletableFuture.<Void>completedFuture(null);
        });
    }
}
