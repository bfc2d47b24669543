package chat.parley.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Validates a chat payload and turns it into a stamped {@link Envelope}. A payload whose first non-blank character is
 * '{' is a JSON envelope and must be valid; anything else is plain UTF-8 text from a generic MQTT client.
 */
public final class MessageRules {

    private static final Set<String> MESSAGE_TYPES = Set.of("text", "file", "e2e");
    private static final Set<String> EVENT_TYPES = Set.of("reaction", "edit", "delete");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;
    /** One object and nothing after it: "{…} {…}" must not pass as its first half. */
    private final ObjectReader oneObject;
    private final int maxTextChars;
    private final int maxPayloadBytes;
    private final EventRules events;

    public MessageRules(ObjectMapper json, int maxTextChars, int maxPayloadBytes) {
        this.json = json;
        this.oneObject = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxTextChars = maxTextChars;
        this.maxPayloadBytes = maxPayloadBytes;
        this.events = new EventRules(this::checkText);
    }

    /** Validates and stamps a payload published to a room (or DM) message topic. */
    public Envelope toEnvelope(String room, ByteBuffer payload, Stamp stamp) throws RefusedException {
        byte[] envelope = envelopeBytes(payload);
        if (envelope != null) {
            return fromJson(room, (ObjectNode) parseObject(envelope), stamp);
        }
        String body = decode(payload);
        String trimmed = body.stripLeading();
        if (!trimmed.startsWith("{")) {
            requireSomething(body);
            checkText(body);
            return Envelope.of(newId(), room, stamp, new Body.Text(body), null);
        }
        JsonNode node = parseObject(body);
        return fromJson(room, (ObjectNode) node, stamp);
    }

    /**
     * The payload's bytes when they are a JSON envelope (the first character after blanks is '{') in valid UTF-8, to
     * be parsed as they are; {@code null} for anything else (plain text, a payload that starts with a blank outside
     * ASCII), which takes the path through a decoded string. Saves every envelope a decode to a string and its copy.
     */
    private byte[] envelopeBytes(ByteBuffer payload) throws RefusedException {
        requireSize(payload);
        ByteBuffer view = payload.duplicate();
        int first = view.position();
        while (first < view.limit() && isAsciiBlank(view.get(first))) {
            first++;
        }
        if (first == view.limit() || view.get(first) != '{') {
            return null;
        }
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        for (byte b : bytes) {
            if (b < 0) { // not ASCII: the strict decoder says whether it is UTF-8
                decode(payload);
                break;
            }
        }
        return bytes;
    }

    /** The ASCII characters {@link String#stripLeading} removes. */
    private static boolean isAsciiBlank(byte b) {
        return b >= 0 && Character.isWhitespace((char) b);
    }

    /**
     * Validates and stamps a payload that is plain text whatever its first character (a post over HTTP with a text
     * body, a webhook's flattened message): UTF-8, within the same limits as any payload.
     */
    public Envelope toTextEnvelope(String room, ByteBuffer payload, Stamp stamp) throws RefusedException {
        String text = decode(payload);
        requireSomething(text);
        checkText(text);
        return Envelope.of(newId(), room, stamp, new Body.Text(text), null);
    }

    /**
     * Validates a message that arrived from another site through the bridge, exactly like a local publish, and stamps
     * it as bridged. Its {@code from} is the remote's claim (it must be a valid user name) and {@code origin} the
     * claimed site id; a plain-text payload from a generic MQTT client on the remote broker becomes a message from
     * {@code anonymous} at site {@code remote}. A {@code bot: true} of the remote is kept, like its {@code from}.
     *
     * @param client what to stamp as {@code client}
     * @param ts     server time of receipt
     */
    public Envelope toBridgedEnvelope(String room, ByteBuffer payload, String client, long ts)
            throws RefusedException {
        String body = decode(payload);
        if (!body.stripLeading().startsWith("{")) {
            requireSomething(body);
            checkText(body);
            return Envelope.of(newId(), room, new Stamp("anonymous", client, ts), new Body.Text(body), null)
                    .bridgedFrom(REMOTE_ORIGIN);
        }
        ObjectNode node = (ObjectNode) parseObject(body);
        String from = optionalString(node, "from");
        if (from == null) {
            from = "anonymous";
        } else if (!Names.isUser(from)) {
            throw new RefusedException(Refusal.NOT_AUTHORIZED, "a bridged from must be a user name matching "
                    + Names.USER.pattern());
        }
        String origin = optionalString(node, "origin");
        if (origin == null) {
            origin = REMOTE_ORIGIN;
        } else if (!Names.isUser(origin)) {
            throw new RefusedException(Refusal.NOT_AUTHORIZED, "a bridged origin must match " + Names.USER.pattern());
        }
        // "bot" is the other site's word, like "from": a bot there shows as one here.
        boolean bot = node.path("bot").asBoolean(false);
        return fromJson(room, node, new Stamp(from, client, ts, bot)).bridgedFrom(origin);
    }

    /** The origin stamped on bridged messages that do not name their site (generic MQTT clients on the remote). */
    public static final String REMOTE_ORIGIN = "remote";

    /** Validates a typing signal and returns the stamped JSON the subscribers receive. */
    public byte[] typingSignal(String room, ByteBuffer payload, Stamp stamp) throws RefusedException {
        String body = decode(payload);
        boolean typing = true;
        if (body.stripLeading().startsWith("{")) {
            JsonNode flag = parseObject(body).get("typing");
            if (flag != null && !flag.isBoolean()) {
                throw new RefusedException(Refusal.INVALID_ENVELOPE, "typing must be true or false");
            }
            typing = flag == null || flag.booleanValue();
        }
        ObjectNode signal = json.createObjectNode()
                .put("from", stamp.from())
                .put("client", stamp.client())
                .put("room", room)
                .put("typing", typing)
                .put("ts", stamp.ts());
        return encode(signal);
    }

    /** The JSON bytes of an envelope, as delivered to subscribers. */
    public byte[] encode(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private Envelope fromJson(String room, ObjectNode node, Stamp stamp) throws RefusedException {
        JsonNode version = node.get("v");
        if (version != null && !(version.isInt() && version.intValue() == Envelope.VERSION)) {
            throw envelope("v must be " + Envelope.VERSION);
        }
        String type = optionalString(node, "type");
        if (type == null) {
            type = "text";
        }
        if (type.equals("system")) {
            throw new RefusedException(Refusal.NOT_AUTHORIZED, "only the server sends system messages");
        }
        if (!MESSAGE_TYPES.contains(type) && !EVENT_TYPES.contains(type)) {
            throw envelope("type must be one of text, file, e2e, reaction, edit, delete; got '" + type + "'");
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
        id = Names.isMessageId(id) ? id : newId();
        Long sentAt = ClientTime.sentAt(node.get("sentAt"), stamp.ts());
        if (EVENT_TYPES.contains(type)) {
            // an event replies to nothing
            return Envelope.of(id, room, stamp, events.parse(type, node), null).withSentAt(sentAt);
        }
        String replyTo = optionalString(node, "replyTo");
        if (replyTo != null && !Names.isMessageId(replyTo)) {
            throw envelope("replyTo must be a message id matching " + Names.MESSAGE_ID.pattern());
        }
        return Envelope.of(id, room, stamp, messageBody(type, node), replyTo).withSentAt(sentAt);
    }

    private Body messageBody(String type, ObjectNode node) throws RefusedException {
        String text = optionalString(node, "text");
        switch (type) {
            case "text" -> {
                if (text == null || text.isBlank()) {
                    throw envelope("a text message needs a non-empty text");
                }
                checkText(text);
                return new Body.Text(text);
            }
            case "file" -> {
                JsonNode file = requireFile(node.get("file"));
                if (text != null) {
                    checkText(text);
                }
                return new Body.File(file, text);
            }
            default -> {
                JsonNode e2e = node.get("e2e");
                if (e2e == null || !e2e.isObject()) {
                    throw envelope("an e2e message needs an e2e object");
                }
                if (text != null) {
                    throw envelope("an e2e message must not carry plain text");
                }
                return new Body.Sealed(e2e, fileIds(node.get("files")));
            }
        }
    }

    /**
     * A file of this server is named by {@code file.id} alone (the server fills in the rest from the upload: see
     * {@link FileCatalog}); a link to a file elsewhere has {@code url}, {@code name}, {@code size} and {@code mime}.
     */
    private JsonNode requireFile(JsonNode file) throws RefusedException {
        if (file == null || !file.isObject()) {
            throw envelope("a file message needs a file object: {id} of an upload, or {url,name,size,mime}");
        }
        if (file.has("id")) {
            if (!file.path("id").isTextual() || !FILE_ID.matcher(file.path("id").asText()).matches()) {
                throw envelope("file.id must be the id an upload answered with");
            }
            return file;
        }
        for (String field : new String[] {"url", "name", "mime"}) {
            if (!file.path(field).isTextual() || file.path(field).asText().isBlank()) {
                throw envelope("file." + field + " must be a non-empty string");
            }
        }
        requireSafeUrl(file.path("url").asText());
        if (file.path("url").asText().startsWith("/api/files/")) {
            throw envelope("a file of this server is named by file.id, not by its url");
        }
        if (!file.path("size").canConvertToLong() || file.path("size").asLong() < 0) {
            throw envelope("file.size must be a byte count");
        }
        return file;
    }

    /** Most encrypted uploads one sealed message may show (a file and its thumbnail, a few pictures). */
    static final int MAX_SEALED_FILES = 8;

    /** The clear list of file ids an e2e message shows: absent, or an array of upload ids. */
    private static java.util.List<String> fileIds(JsonNode files) throws RefusedException {
        if (files == null || files.isNull()) {
            return java.util.List.of();
        }
        if (!files.isArray() || files.size() > MAX_SEALED_FILES) {
            throw envelope("files must be an array of at most " + MAX_SEALED_FILES + " file ids");
        }
        var ids = new java.util.ArrayList<String>();
        for (JsonNode id : files) {
            if (!id.isTextual() || !FILE_ID.matcher(id.asText()).matches()) {
                throw envelope("files must hold the ids uploads answered with");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    /** The shape of the ids uploads get (the server's are 22 characters of base64url). */
    public static final java.util.regex.Pattern FILE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private void requireSize(ByteBuffer payload) throws RefusedException {
        if (payload.remaining() > maxPayloadBytes) {
            throw new RefusedException(Refusal.PAYLOAD_TOO_LARGE,
                    "payload of " + payload.remaining() + " bytes is over the limit of " + maxPayloadBytes);
        }
    }

    private String decode(ByteBuffer payload) throws RefusedException {
        requireSize(payload);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(payload.duplicate())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RefusedException(Refusal.INVALID_UTF8, "payload is not valid UTF-8");
        }
    }

    private JsonNode parseObject(String body) throws RefusedException {
        try {
            return requireObject(oneObject.readTree(body));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
    }

    private JsonNode parseObject(byte[] body) throws RefusedException {
        try {
            return requireObject(oneObject.readTree(body));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading bytes in memory failed", e);
        }
    }

    private static RefusedException notJson(JsonProcessingException e) {
        return new RefusedException(Refusal.INVALID_JSON, "payload starts with '{' but is not valid JSON: "
                + e.getOriginalMessage());
    }

    private static JsonNode requireObject(JsonNode node) throws RefusedException {
        if (node == null || !node.isObject()) {
            throw new RefusedException(Refusal.INVALID_JSON, "payload must be one JSON object");
        }
        return node;
    }

    /**
     * A plain-text payload must say something: an empty or blank one is refused like {@code {"text":""}} (it would be
     * stored as an empty message nobody can see).
     */
    private static void requireSomething(String body) throws RefusedException {
        if (body.isBlank()) {
            throw envelope("an empty payload is not a message: send some text");
        }
    }

    /**
     * Clients turn {@code file.url} into a link, so only what a link may safely be gets in: an absolute
     * {@code http(s)} URL or a relative one. {@code javascript:}, {@code data:} and other schemes are refused, and so
     * is anything with spaces or control characters (browsers drop tabs and newlines from URLs, which would let
     * {@code java\tscript:} through a naive scheme check).
     */
    private static void requireSafeUrl(String url) throws RefusedException {
        if (url.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw envelope("file.url must not contain spaces or control characters");
        }
        String scheme;
        try {
            scheme = new java.net.URI(url).getScheme();
        } catch (java.net.URISyntaxException e) {
            throw envelope("file.url is not a valid URL: " + e.getReason());
        }
        if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            throw envelope("file.url must be an http(s) or relative URL, not '" + scheme + ":'");
        }
    }

    private void checkText(String text) throws RefusedException {
        int chars = text.codePointCount(0, text.length());
        if (chars > maxTextChars) {
            throw new RefusedException(Refusal.TEXT_TOO_LONG,
                    "text of " + chars + " characters is over the limit of " + maxTextChars);
        }
    }

    private static String optionalString(JsonNode node, String field) throws RefusedException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw envelope(field + " must be a string");
        }
        return value.asText();
    }

    private static RefusedException envelope(String message) {
        return new RefusedException(Refusal.INVALID_ENVELOPE, message);
    }

    /** A fresh server-assigned message id: 96 random bits, URL-safe. */
    public static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
