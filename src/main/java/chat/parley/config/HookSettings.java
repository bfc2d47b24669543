package chat.parley.config;

import java.util.Objects;

/**
 * Bots and webhooks.
 *
 * @param postRate        how fast one bot token, incoming webhook or user may post messages over HTTP
 * @param webhookTargets  where outgoing webhooks may send (none by default)
 * @param webhookQueueMax most deliveries the outgoing webhooks' queue holds; past it the oldest are dropped
 */
public record HookSettings(ParleyConfig.RateLimit postRate, WebhookTargets webhookTargets, int webhookQueueMax) {

    public HookSettings {
        Objects.requireNonNull(postRate, "post rate must not be null.");
        Objects.requireNonNull(webhookTargets, "webhook-targets must not be null (empty means none).");
        if (webhookQueueMax < 1) {
            throw new ConfigException("webhook-queue-max: must be at least 1, got " + webhookQueueMax);
        }
    }

    /** A copy allowing outgoing webhooks to these targets. */
    public HookSettings withWebhookTargets(WebhookTargets targets) {
        return new HookSettings(postRate, targets, webhookQueueMax);
    }

    /** A copy with this rate for posts over HTTP. */
    public HookSettings withPostRate(ParleyConfig.RateLimit rate) {
        return new HookSettings(rate, webhookTargets, webhookQueueMax);
    }
}
