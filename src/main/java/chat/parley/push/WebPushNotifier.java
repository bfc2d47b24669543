package chat.parley.push;

import chat.parley.config.PushSettings;
import chat.parley.db.SqlStore;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Web Push at the server's side: the VAPID key pair, the users' subscriptions, and the notifications. It hears of
 * every stored message (the intake's accepted-message listener, on the store's commit thread, where it only looks
 * whether a message could concern anyone and hands it on); its own thread, behind a queue of at most
 * {@value #QUEUE_MAX} messages (more are dropped and counted, never waited for), finds who to tell
 * ({@link PushRecipients}), skips users with an open MQTT connection (their app shows the message), and pushes to
 * each of their browsers. A subscription whose push service answers 404 or 410 is forgotten. Counted in
 * {@code parley_push_notifications_total{result}}.
 */
public final class WebPushNotifier implements AutoCloseable {

    /** Messages waiting to be pushed; past it new ones are dropped (a push service far slower than the chat). */
    static final int QUEUE_MAX = 1000;

    private final PushSettings settings;
    private final VapidKeys keys;
    private final PushSubscriptions subscriptions;
    private final PushServices services;
    private final PushRecipients recipients;
    private final PushSender sender;
    private final Predicate<String> connected;
    private final Predicate<String> encryptedRooms;
    private final ObjectMapper json;
    private final ThreadPoolExecutor worker;
    private final Map<PushSender.Outcome, Counter> outcomes = new EnumMap<>(PushSender.Outcome.class);
    private final Counter queueFull;

    private WebPushNotifier(PushSettings settings, VapidKeys keys, PushSubscriptions subscriptions,
                            Predicate<String> connected, BiPredicate<String, String> mayRead,
                            Predicate<String> encryptedRooms, ObjectMapper json, MeterRegistry registry) {
        this.settings = settings;
        this.keys = keys;
        this.subscriptions = subscriptions;
        this.services = new PushServices(settings.services());
        this.recipients = new PushRecipients(mayRead);
        this.sender = keys == null ? null : new PushSender(new WebPush(settings.subject(), keys));
        this.connected = connected;
        this.encryptedRooms = encryptedRooms;
        this.json = json;
        for (PushSender.Outcome outcome : PushSender.Outcome.values()) {
            outcomes.put(outcome, counter(registry, outcome.name().toLowerCase(java.util.Locale.ROOT)));
        }
        this.queueFull = counter(registry, "queue_full");
        Gauge.builder("parley.push.subscriptions", subscriptions, PushSubscriptions::count)
                .description("Browsers subscribed to Web Push").register(registry);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_MAX), task -> {
            Thread thread = new Thread(task, "parley-push");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> {
            if (!executor.isShutdown()) {
                queueFull.increment();
            }
        });
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("parley.push.notifications").tag("result", result)
                .description("Web Push notifications, by result").register(registry);
    }

    /**
     * Opens the subscriptions and, with {@code web-push} on, the VAPID key pair (made in the database by the first
     * process that starts on it; see {@link VapidKeyStore}).
     *
     * @param connected      whether a user has an open MQTT connection now
     * @param mayRead        whether a user may read a room, as {@code (roomKey, user)}
     * @param encryptedRooms whether a room is end-to-end encrypted
     */
    public static WebPushNotifier start(PushSettings settings, Path dataDir, SqlStore database,
                                        Predicate<String> connected, BiPredicate<String, String> mayRead,
                                        Predicate<String> encryptedRooms, ObjectMapper json,
                                        MeterRegistry registry) throws IOException, SQLException {
        VapidKeys keys = settings.enabled() ? VapidKeyStore.loadOrCreate(database, dataDir) : null;
        return new WebPushNotifier(settings, keys, PushSubscriptions.open(database), connected, mayRead,
                encryptedRooms, json, registry);
    }

    /** Whether Web Push is on ({@code web-push}). */
    public boolean enabled() {
        return keys != null;
    }

    /** The VAPID public key browsers subscribe with: the uncompressed P-256 point, base64url without padding. */
    public String publicKey() {
        requireEnabled();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
    }

    /**
     * Keeps a browser's subscription for a user.
     *
     * @throws IllegalArgumentException when the endpoint is not a push service this server sends to
     */
    public void subscribe(PushSubscription subscription) throws SQLException {
        requireEnabled();
        String refusal = services.refusal(subscription.endpoint());
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        subscriptions.add(subscription);
    }

    /** Forgets one of the user's browsers; false when the user has no subscription with this endpoint. */
    public boolean unsubscribe(String user, String endpoint) throws SQLException {
        return subscriptions.remove(user, endpoint);
    }

    private void requireEnabled() {
        if (keys == null) {
            throw new IllegalStateException("web push is off on this server (web-push: false)");
        }
    }

    /** The intake's hook, on the store's commit thread: hands a message that may notify someone to the worker. */
    public void accepted(MessageStore.Appended appended) {
        if (keys != null && PushRecipients.mayConcernSomeone(appended.envelope())) {
            worker.execute(() -> notifyFor(appended));
        }
    }

    private void notifyFor(MessageStore.Appended appended) {
        var envelope = appended.envelope();
        byte[] payload = null;
        for (String user : recipients.of(envelope)) {
            if (connected.test(user)) {
                continue;
            }
            try {
                for (PushSubscription subscription : subscriptions.of(user)) {
                    if (services.refusal(subscription.endpoint()) != null) {
                        continue; // web-push-services changed since it subscribed
                    }
                    if (payload == null) {
                        payload = PushPayload.of(envelope, encryptedRooms.test(envelope.room()), json);
                    }
                    PushSender.Outcome outcome = sender.send(subscription, payload);
                    outcomes.get(outcome).increment();
                    if (outcome == PushSender.Outcome.EXPIRED) {
                        subscriptions.expired(subscription.endpoint());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                LoggerFactory.getLogger(WebPushNotifier.class).warn("could not push to {}: {}", user, e.toString());
            }
        }
    }

    /** Stops pushing; what is still queued is dropped (a notification is worth little once late). */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(PushSender.TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
