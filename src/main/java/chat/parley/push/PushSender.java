package chat.parley.push;

import com.interaso.webpush.WebPush;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one push to one subscription: the payload encrypted for the browser (RFC 8291, aes128gcm) and signed with the
 * server's VAPID key (RFC 8292) by the Web Push library, POSTed with the JDK's client and a timeout (the library's own
 * sender has none, and one slow push service would hold every later push).
 */
final class PushSender {

    /** How long a push message waits at the push service for a browser that is offline. */
    static final int TTL_SECONDS = 24 * 60 * 60;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What the push service made of one push. */
    enum Outcome {
        /** Accepted (2xx). */
        SENT,
        /** The subscription is gone (404 or 410): forget it. */
        EXPIRED,
        /** Anything else: no answer, or another status. Kept; the next message tries again. */
        FAILED
    }

    private static final Logger log = LoggerFactory.getLogger(PushSender.class);

    /** How long a VAPID token lives (RFC 8292 allows up to 24 h); one is signed per push service and reused. */
    static final Duration TOKEN_LIFE = Duration.ofHours(12);

    private final WebPush webPush;
    /** Each push service's (audience's) VAPID token and when to sign a new one: one ECDSA signature less a push. */
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build(); // a redirect must not lead past web-push-services

    PushSender(WebPush webPush) {
        this.webPush = webPush;
    }

    Outcome send(PushSubscription subscription, byte[] payload) {
        try {
            byte[] body = webPush.getBody(payload, subscription.publicKey(), subscription.authSecret());
            var request = HttpRequest.newBuilder(URI.create(subscription.endpoint())).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            webPush.getHeadersWithToken(token(subscription.endpoint()), TTL_SECONDS, null, WebPush.Urgency.High)
                    .forEach(request::header);
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.SENT;
            }
            if (status == 404 || status == 410) {
                return Outcome.EXPIRED;
            }
            log.warn("push to {} answered {}", origin(subscription.endpoint()), status);
            return Outcome.FAILED;
        } catch (IOException | RuntimeException e) {
            log.warn("push to {} failed: {}", origin(subscription.endpoint()), e.toString());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    private record Token(String jwt, long renewAtMillis) {
    }

    /** A VAPID token for the endpoint's push service, signed anew an hour before the last one ends. */
    private String token(String endpoint) {
        String audience = webPush.getAudience(endpoint);
        long now = System.currentTimeMillis();
        return tokens.compute(audience, (key, token) -> token != null && token.renewAtMillis() > now ? token
                : new Token(webPush.getToken(key, (int) TOKEN_LIFE.toSeconds()),
                        now + TOKEN_LIFE.minusHours(1).toMillis())).jwt();
    }

    /** The endpoint without its path, which is a secret of the subscription. */
    private static String origin(String endpoint) {
        URI uri = URI.create(endpoint);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
