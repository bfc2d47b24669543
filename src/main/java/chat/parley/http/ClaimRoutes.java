package chat.parley.http;

import chat.parley.accounts.ClaimLimiter;
import chat.parley.accounts.ClaimStore;
import chat.parley.chat.Names;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@code POST /api/claim}: claim a user name ({@code auth: open}) and receive its secret, once. Each address may claim
 * only so fast ({@link ClaimLimiter}): 429 {@code too_many_attempts} with {@code Retry-After} past it.
 */
final class ClaimRoutes {

    private final ClaimStore claims;
    private final ObjectMapper json;
    private final boolean accounts;
    private final ClaimLimiter limiter;
    private final java.util.function.Predicate<String> botNames;

    ClaimRoutes(ClaimStore claims, ObjectMapper json, boolean accounts, ClaimLimiter limiter,
                java.util.function.Predicate<String> botNames) {
        this.claims = claims;
        this.botNames = botNames;
        this.json = json;
        this.accounts = accounts;
        this.limiter = limiter;
    }

    void claim(Context ctx) {
        if (accounts) {
            throw new ApiException(403, "forbidden", "this server has accounts (auth: accounts): names are not claimed,"
                    + " sign in with POST /api/login");
        }
        // Every attempt counts, a taken name too: otherwise probing which names are free would be unlimited.
        Optional<Duration> wait = limiter.take(ctx.ip());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiException(429, "too_many_attempts",
                    "too many names claimed from this address: try again in " + seconds + " s");
        }
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body must be JSON like {\"user\":\"alice\"}");
        }
        JsonNode user = body == null ? null : body.get("user");
        if (user == null || !user.isTextual() || !Names.isUser(user.asText())) {
            throw ApiException.badRequest("user must match " + Names.USER.pattern());
        }
        String name = user.asText();
        if (botNames.test(name)) {
            throw new ApiException(409, "name_taken", "the name '" + name + "' is a bot's");
        }
        String secret = claims.claim(name).orElseThrow(() ->
                new ApiException(409, "name_taken", "the name '" + name + "' is already claimed"));
        var answer = new LinkedHashMap<String, String>();
        answer.put("user", name);
        answer.put("secret", secret);
        ctx.status(201).json(answer);
    }
}
