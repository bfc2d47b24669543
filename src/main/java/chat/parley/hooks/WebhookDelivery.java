package chat.parley.hooks;

import chat.parley.Version;
import chat.parley.chat.Envelope;
import chat.parley.chat.EnvelopeCodec;
import chat.parley.history.MessageStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Outgoing webhooks at work. Hears of every stored message (the intake's accepted-message listener), queues one
 * delivery for each hook it concerns in the durable {@link WebhookOutbox}, and sends them from its own thread: a JSON
 * POST ({@code delivery}, {@code ts}, {@code server}, {@code room}, {@code hook}, {@code trigger}, {@code message}: the
 * stored envelope) signed with the hook's secret ({@link Signature}), oldest first per hook. A failed try (no answer,
 * or not 2xx) is tried again after 1 s, 2 s, 4 s … up to 10 minutes, and dropped after {@value #MAX_ATTEMPTS} tries;
 * a delivery leaves the queue only after a 2xx, so a restart loses nothing. A mention hook's answer is posted as its
 * bot ({@link WebhookAnswers}).
 */
final class WebhookDelivery implements AutoCloseable {

    /** Tries before a delivery is dropped: about an hour of retries. */
    static final int MAX_ATTEMPTS = 15;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    /** How long a receiver may take to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The most of an answer that is read (a reply to post, or the start of an error). */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private final OutgoingHooks hooks;
    private final WebhookOutbox outbox;
    private final WebhookTargetCheck targets;
    private final WebhookAnswers answers;
    private final String serverName;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Semaphore wake = new Semaphore(0);
    private final Thread sender;
    private final Counter delivered;
    private final Counter retried;
    private final MeterRegistry registry;
    private volatile boolean running = true;

    WebhookDelivery(OutgoingHooks hooks, WebhookOutbox outbox, WebhookTargetCheck targets, WebhookAnswers answers,
                    String serverName, ObjectMapper json, MeterRegistry registry) {
        this.hooks = hooks;
        this.outbox = outbox;
        this.targets = targets;
        this.answers = answers;
        this.serverName = serverName;
        this.json = json;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build(); // a redirect must not lead past webhook-targets
        this.delivered = Counter.builder("parley.webhook.deliveries").tag("result", "delivered")
                .description("Outgoing webhook tries, by result").register(registry);
        this.retried = Counter.builder("parley.webhook.deliveries").tag("result", "retried")
                .description("Outgoing webhook tries, by result").register(registry);
        Gauge.builder("parley.webhook.queue.depth", outbox, WebhookOutbox::depth)
                .description("Deliveries queued for outgoing webhooks").register(registry);
        this.sender = new Thread(this::sendLoop, "parley-webhooks");
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    /** The intake's hook, on the store's commit thread: queues a delivery for every hook the message concerns. */
    void accepted(MessageStore.Appended appended) {
        Envelope envelope = appended.envelope();
        for (OutgoingHook hook : hooks.current()) {
            String trigger = hook.trigger(envelope);
            if (trigger == null) {
                continue;
            }
            try {
                long before = outbox.dropped();
                outbox.add(hook.id(), body(hook, trigger, envelope));
                dropped("queue_full", outbox.dropped() - before);
                wake.release();
            } catch (SQLException e) {
                log.warn("could not queue a delivery for outgoing webhook {}: {}", hook.id(), e.getMessage());
                dropped("store_failed", 1);
            }
        }
    }

    private String body(OutgoingHook hook, String trigger, Envelope envelope) {
        ObjectNode body = json.createObjectNode();
        body.put("delivery", chat.parley.chat.MessageRules.newId());
        body.put("ts", System.currentTimeMillis());
        body.put("server", serverName);
        body.put("room", envelope.room());
        body.put("hook", hook.id());
        body.put("trigger", trigger);
        body.set("message", EnvelopeCodec.toJson(envelope));
        return body.toString();
    }

    /** Wakes the sender, e.g. after a hook was made. */
    void wake() {
        wake.release();
    }

    private void sendLoop() {
        while (running) {
            try {
                List<WebhookOutbox.Entry> due = outbox.due(System.currentTimeMillis());
                for (WebhookOutbox.Entry entry : due) {
                    if (!running) {
                        return;
                    }
                    send(entry);
                }
                if (due.isEmpty()) {
                    long wait = Math.min(1_000, outbox.nextDue() - System.currentTimeMillis());
                    if (wait > 0 && wake.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                        wake.drainPermits();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("outgoing webhooks: {}", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One try of one delivery. */
    private void send(WebhookOutbox.Entry entry) throws SQLException, InterruptedException {
        OutgoingHook hook = hooks.find(entry.hook()).orElse(null);
        if (hook == null) {
            outbox.remove(entry.id()); // the hook was removed while this waited
            return;
        }
        URI target;
        try {
            target = targets.check(hook.url());
        } catch (WebhookTargetCheck.Refused e) {
            giveUp(entry, hook, null, e.getMessage(), "target_refused");
            return;
        } catch (UnknownHostException e) {
            failed(entry, hook, null, "cannot resolve " + e.getMessage());
            return;
        }
        byte[] body = entry.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley/" + Version.current())
                .header(Signature.HEADER, Signature.of(hook.secret(), body))
                .header("X-Parley-Hook", String.valueOf(hook.id()))
                .header("X-Parley-Delivery", deliveryId(entry.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        byte[] answer;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
        } catch (IOException e) {
            failed(entry, hook, null, describe(e));
            return;
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            failed(entry, hook, status, "HTTP " + status + answerExcerpt(answer));
            return;
        }
        outbox.remove(entry.id());
        hooks.delivered(hook.id(), status);
        delivered.increment();
        if (hook.bot() != null) {
            String problem = answers.post(hook, entry.body(), answer,
                    response.headers().firstValue("Content-Type").orElse(""));
            if (problem != null) {
                hooks.failed(hook.id(), status, "the answer was not posted: " + problem, false);
            }
        }
    }

    private void failed(WebhookOutbox.Entry entry, OutgoingHook hook, Integer status, String error)
            throws SQLException {
        int attempts = entry.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
            giveUp(entry, hook, status, error + " (dropped after " + attempts + " tries)", "gave_up");
            return;
        }
        outbox.retry(entry.id(), attempts, System.currentTimeMillis() + backoff(attempts).toMillis());
        hooks.failed(hook.id(), status, error, false);
        retried.increment();
    }

    private void giveUp(WebhookOutbox.Entry entry, OutgoingHook hook, Integer status, String error, String reason)
            throws SQLException {
        outbox.remove(entry.id());
        hooks.failed(hook.id(), status, error, true);
        dropped(reason, 1);
        log.warn("outgoing webhook {} ({}): a delivery was dropped: {}", hook.id(), hook.url(), error);
    }

    private void dropped(String reason, long count) {
        if (count > 0) {
            Counter.builder("parley.webhook.dropped").tag("reason", reason)
                    .description("Outgoing webhook deliveries dropped, by reason").register(registry).increment(count);
        }
    }

    /** The wait before try {@code attempts + 1}: 1 s doubling to 10 minutes, up to 20 % less at random. */
    static Duration backoff(int attempts) {
        long base = MAX_RETRY.toMillis();
        if (attempts <= 30) {
            base = Math.min(base, FIRST_RETRY.toMillis() << (attempts - 1));
        }
        return Duration.ofMillis(Math.max(FIRST_RETRY.toMillis(), (long) (base * (1 - 0.2 * Math.random()))));
    }

    /** The delivery's id from its body: the same at every try, so a receiver can tell a repeat. */
    private String deliveryId(String body) {
        try {
            return json.readTree(body).path("delivery").asText();
        } catch (IOException e) {
            throw new IllegalStateException("a queued delivery is not JSON: " + e.getMessage(), e);
        }
    }

    private static String answerExcerpt(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Stops the sender; what is queued stays in the database for the next start. */
    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            sender.join(TIMEOUT.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
