package chat.parley.http;

import chat.parley.accounts.ClaimStore;
import chat.parley.chat.Names;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;

/** {@code POST /api/claim}: claim a user name ({@code auth: open}) and receive its secret, once. */
final class ClaimRoutes {

    private final ClaimStore claims;
    private final ObjectMapper json;
    private final boolean accounts;

    ClaimRoutes(ClaimStore claims, ObjectMapper json, boolean accounts) {
        this.claims = claims;
        this.json = json;
        this.accounts = accounts;
    }

    void claim(Context ctx) {
        if (accounts) {
            throw new ApiException(403, "forbidden", "this server has accounts (auth: accounts): names are not claimed,"
                    + " sign in with POST /api/login");
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
        String secret = claims.claim(name).orElseThrow(() ->
                new ApiException(409, "name_taken", "the name '" + name + "' is already claimed"));
        var answer = new LinkedHashMap<String, String>();
        answer.put("user", name);
        answer.put("secret", secret);
        ctx.status(201).json(answer);
    }
}
