package chat.parley.hooks;

import chat.parley.accounts.Accounts;
import chat.parley.broker.ChatIntake;
import chat.parley.chat.Names;
import chat.parley.config.HookSettings;
import chat.parley.db.Database;
import chat.parley.db.SqlStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Bots and webhooks at the server's side: posting over HTTP ({@link Poster}), incoming webhooks
 * ({@link IncomingHooks}) and outgoing webhooks (stored in {@link OutgoingHooks}, delivered by
 * {@link WebhookDelivery}). Start it after the broker (posts are delivered through it); close it before.
 */
public final class Hooks implements AutoCloseable {

    private final Poster poster;
    private final IncomingHooks incoming;
    private final OutgoingHooks outgoing;
    private final WebhookOutbox outbox;
    private final WebhookDelivery delivery;
    private final WebhookTargetCheck targets;
    private final Accounts accounts;

    private Hooks(Poster poster, IncomingHooks incoming, OutgoingHooks outgoing, WebhookOutbox outbox,
                  WebhookDelivery delivery, WebhookTargetCheck targets, Accounts accounts) {
        this.poster = poster;
        this.incoming = incoming;
        this.outgoing = outgoing;
        this.outbox = outbox;
        this.delivery = delivery;
        this.targets = targets;
        this.accounts = accounts;
    }

    /**
     * Opens the webhooks of a (migrated) database, listens to the intake for messages to deliver and starts sending
     * what is queued (from before a restart too).
     *
     * @param serverName what deliveries name as {@code server}
     * @param shared     where the hooks are: every node sharing it has the same ones
     * @param local      {@code parley.db}, where this node queues the deliveries of the messages it accepted (a queue
     *                   per node: two nodes never send one delivery twice)
     */
    public static Hooks start(HookSettings settings, String serverName, SqlStore shared, Database local,
                              ChatIntake intake, Accounts accounts, ObjectMapper json, MeterRegistry registry)
            throws SQLException {
        var poster = new Poster(intake, new PostRates(settings.postRate()));
        var outgoing = OutgoingHooks.open(shared);
        var outbox = new WebhookOutbox(local, settings.webhookQueueMax());
        var targets = new WebhookTargetCheck(settings.webhookTargets());
        var delivery = new WebhookDelivery(outgoing, outbox, targets, new WebhookAnswers(poster, accounts, json),
                serverName, json, registry);
        var hooks = new Hooks(poster, new IncomingHooks(shared), outgoing, outbox, delivery, targets, accounts);
        intake.onAccepted(delivery::accepted);
        delivery.start();
        return hooks;
    }

    /** Posts over HTTP, within each poster's rate limit. */
    public Poster poster() {
        return poster;
    }

    /** The incoming webhooks. */
    public IncomingHooks incoming() {
        return incoming;
    }

    /**
     * Makes an outgoing webhook.
     *
     * @param room the room whose messages it gets, or {@code null}
     * @param bot  the bot whose mentions it gets (and who answers), or {@code null}; at least one of the two
     * @throws IllegalArgumentException naming what is wrong: no room nor bot, an unknown bot, a URL that
     *                                  {@code webhook-targets} does not allow
     */
    public OutgoingHook addOutgoing(String url, String room, String bot) {
        if (room == null && bot == null) {
            throw new IllegalArgumentException("an outgoing webhook needs a room (every message there), a bot (its "
                    + "mentions) or both");
        }
        if (room != null && !Names.isRoom(room)) {
            throw new IllegalArgumentException("room must match " + Names.ROOM.pattern());
        }
        if (bot != null && accounts.bots().find(bot).isEmpty()) {
            throw new IllegalArgumentException("there is no bot named '" + bot + "': make it first");
        }
        try {
            targets.check(url);
        } catch (WebhookTargetCheck.Refused e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + e.getMessage());
        }
        OutgoingHook hook = outgoing.create(url, room, bot);
        delivery.wake();
        return hook;
    }

    /** Removes an outgoing webhook and what is queued for it; false when there is none. */
    public boolean removeOutgoing(long id) {
        boolean removed = outgoing.remove(id);
        try {
            outbox.removeHook(id);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the webhook's queue: " + e.getMessage(), e);
        }
        return removed;
    }

    /** Each outgoing webhook with its last delivery and how many deliveries wait for it. */
    public List<OutgoingStatus> outgoing() {
        Map<Long, Long> queued;
        try {
            queued = outbox.depthByHook();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the webhook queue: " + e.getMessage(), e);
        }
        return outgoing.list().stream().map(hook -> new OutgoingStatus(hook, queued.getOrDefault(hook.id(), 0L)))
                .toList();
    }

    /**
     * An outgoing webhook as the admin sees it.
     *
     * @param hook   the hook and its last delivery
     * @param queued deliveries waiting for it
     */
    public record OutgoingStatus(OutgoingHook hook, long queued) {
    }

    /** Removes the webhooks of a bot that is going. */
    public void removeBot(String bot) {
        incoming.removeOfBot(bot);
        outgoing.list().stream().filter(hook -> bot.equals(hook.bot())).forEach(hook -> removeOutgoing(hook.id()));
    }

    /** Stops sending; what is queued stays for the next start. */
    @Override
    public void close() {
        delivery.close();
    }
}
