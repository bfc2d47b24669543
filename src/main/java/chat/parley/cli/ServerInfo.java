package chat.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;

/** What {@code GET /api/info} tells a client: the server's name, auth mode, topic prefix and MQTT endpoint. */
record ServerInfo(String name, String version, String auth, String prefix, URI mqtt, int maxTextChars) {

    static ServerInfo from(JsonNode body) {
        return from(body, false);
    }

    /**
     * The server's info; its MQTT over TLS endpoint when the server was reached over https (or only has TLS
     * listeners), else its plain one.
     */
    static ServerInfo from(JsonNode body, boolean secure) {
        String mqtt = body.path("mqtt").path("url").asText(null);
        JsonNode tls = body.path("tls");
        if (tls.path("enabled").asBoolean(false) && (secure || body.path("mqtt").path("port").asInt() == 0)) {
            mqtt = tls.path("mqtts").path("url").asText(mqtt);
        }
        if (mqtt == null || body.path("prefix").asText("").isEmpty()) {
            throw new CliException("/api/info has no MQTT endpoint: is this a Parley server?");
        }
        return new ServerInfo(body.path("name").asText("Parley"), body.path("version").asText("?"),
                body.path("auth").asText("open"), body.path("prefix").asText(), URI.create(mqtt),
                body.path("limits").path("maxTextChars").asInt(4000));
    }
}
