package chat.parley.broker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which identity owns each MQTT client id while its session may exist. MQTT lets anyone connect with any client id,
 * and the broker then hands that connection the session stored under it (its subscriptions and queued messages) or
 * takes the live one over (disconnecting its owner). Tying the id to the identity that made the session closes both:
 * another identity (another user, or an anonymous client where a user owns it) is refused while the owner's
 * connection is open or its session has not expired; the same identity resumes or takes over as MQTT intends.
 * Anonymous clients share one identity, so an anonymous session is only as private as its client id, and anonymous
 * clients can read only what everybody may.
 * <p>
 * A session's end is known only from the connection's session expiry (the broker gives no event when a stored
 * session expires), which errs on the side of refusing. With sessions persisted on disk the owners are kept in a file
 * beside them, so a restart does not forget who may resume what.
 */
final class SessionOwners {

    private static final Logger log = LoggerFactory.getLogger(SessionOwners.class);
    private static final String SERIAL = "parley.session.serial";
    /** The attribute a connection gets when it resumed a session that may hold subscriptions from before. */
    static final String RESUMED = "parley.session.resumed";

    /**
     * @param user      the owner's user name, or "" for anonymous clients
     * @param serial    the owning connection while it is open, 0 once it closed
     * @param expiryMs  the session expiry the owner asked for, in milliseconds
     * @param endsAt    when the stored session expires (meaningful once the connection closed)
     */
    record Owner(String user, long serial, long expiryMs, long endsAt) {

        boolean live() {
            return serial != 0;
        }

        boolean holdsSession(long now) {
            return live() || endsAt > now;
        }
    }

    private final Map<String, Owner> byClientId = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();
    private final Clock clock;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private volatile int sweepAt = 1024;

    /** @param file where to keep the owners across restarts (sessions persisted on disk), or null to keep none */
    SessionOwners(Clock clock, Path file) {
        this.clock = clock;
        this.file = file;
        if (file != null) {
            load();
        }
    }

    /**
     * Gives the client id to this connection's identity, or says why it may not have it: another identity owns a
     * session under it that is open or not yet expired.
     *
     * @param user           the authenticated user, empty for an anonymous client
     * @param cleanStart     whether the connection discards any stored session
     * @param expirySeconds  the session expiry interval it asked for
     * @param attributes     the connection's attribute store, where its serial (and whether it resumed) is kept
     */
    Optional<String> claim(String clientId, Optional<String> user, boolean cleanStart, long expirySeconds,
                           com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore attributes) {
        String identity = user.orElse("");
        long now = clock.millis();
        long serial = serials.incrementAndGet();
        boolean[] refused = {false};
        boolean[] resumed = {false};
        long expiryMs = expirySeconds >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : expirySeconds * 1000;
        byClientId.compute(clientId, (id, owner) -> {
            if (owner != null && !owner.user().equals(identity) && owner.holdsSession(now)) {
                refused[0] = true;
                return owner;
            }
            resumed[0] = owner != null && !cleanStart && owner.holdsSession(now);
            return new Owner(identity, serial, expiryMs, Long.MAX_VALUE);
        });
        if (refused[0]) {
            return Optional.of("client id '" + clientId + "' belongs to another user's session: choose another "
                    + "client id");
        }
        attributes.putAsString(SERIAL, Long.toString(serial));
        if (resumed[0]) {
            attributes.putAsString(RESUMED, "true");
        }
        sweepIfLarge(now);
        changed();
        return Optional.empty();
    }

    /** The connection closed: its session lives on for its expiry, unless a newer connection took the id over. */
    void disconnected(String clientId,
                      com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore attributes) {
        attributes.getAsString(SERIAL).map(Long::parseLong).ifPresent(serial -> {
            long now = clock.millis();
            byClientId.computeIfPresent(clientId, (id, owner) -> {
                if (owner.serial() != serial) {
                    return owner;
                }
                if (owner.expiryMs() == 0) {
                    return null; // nothing outlives the connection: the id is free again
                }
                long end = owner.expiryMs() > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + owner.expiryMs();
                return new Owner(owner.user(), 0, owner.expiryMs(), end);
            });
            changed();
        });
    }

    /** Forgets each connection when it closes. */
    DisconnectListener lifecycle() {
        return input -> disconnected(input.getClientInformation().getClientId(),
                input.getConnectionInformation().getConnectionAttributeStore());
    }

    /** The owner of a client id, if a session may exist under it (for tests and the admin's view). */
    Optional<Owner> owner(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId)).filter(o -> o.holdsSession(clock.millis()));
    }

    /** Drops owners whose sessions have expired, when the table has doubled since the last sweep. */
    private void sweepIfLarge(long now) {
        if (byClientId.size() < sweepAt) {
            return;
        }
        byClientId.values().removeIf(owner -> !owner.holdsSession(now));
        sweepAt = Math.max(1024, byClientId.size() * 2);
    }

    // ---- kept across restarts when the broker keeps sessions on disk ----

    private final Object saving = new Object();
    private volatile boolean dirty;
    private java.util.concurrent.ScheduledExecutorService saver;
    private boolean closed;

    /** Writes the table within a second of a change, in one file replaced atomically. */
    private void changed() {
        if (file == null) {
            return;
        }
        dirty = true;
        synchronized (saving) {
            if (saver == null && !closed) {
                saver = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "parley-session-owners");
                    t.setDaemon(true);
                    return t;
                });
                saver.scheduleWithFixedDelay(this::saveIfDirty, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private void saveIfDirty() {
        if (dirty) {
            save();
        }
    }

    /** Writes the table a last time and stops the writer thread (the broker is stopping). */
    void close() {
        synchronized (saving) {
            closed = true;
            if (saver != null) {
                saver.shutdownNow();
                saver = null;
            }
        }
        save();
    }

    /** Writes the table now. Open connections are saved as closed now: their sessions stay. */
    void save() {
        if (file == null) {
            return;
        }
        dirty = false;
        long now = clock.millis();
        var copy = new HashMap<String, Owner>();
        byClientId.forEach((id, owner) -> {
            Owner stored = owner.live() ? new Owner(owner.user(), 0, owner.expiryMs(),
                    owner.expiryMs() > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + owner.expiryMs()) : owner;
            if (stored.holdsSession(now)) {
                copy.put(id, stored);
            }
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            chat.parley.OwnerOnly.writeString(tmp, json.writeValueAsString(copy));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            dirty = true;
            log.warn("could not save the owners of MQTT sessions to {}: {}", file, e.toString());
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Map<String, Owner> stored = json.readValue(file.toFile(), new TypeReference<Map<String, Owner>>() { });
            long now = clock.millis();
            stored.forEach((id, owner) -> {
                if (owner != null && owner.user() != null && owner.holdsSession(now)) {
                    byClientId.put(id, new Owner(owner.user(), 0, owner.expiryMs(), owner.endsAt()));
                }
            });
        } catch (IOException e) {
            // Unreadable: nobody can prove a stored session is theirs, so the broker's stored sessions must go.
            log.warn("could not read the owners of MQTT sessions from {} ({}); stored sessions will not be "
                    + "resumed by anyone but a clean start", file, e.toString());
        }
    }
}
