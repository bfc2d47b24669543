package chat.parley.hooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON of a Slack or Mattermost incoming webhook into the text of one Parley message (Markdown, which the
 * web client renders safely), so Alertmanager, Grafana, GitLab, Gitea and Jenkins post with no code of their own:
 * <ul>
 *   <li>{@code blocks}: the text of {@code header}, {@code section} (its {@code text} and {@code fields}) and
 *   {@code context} blocks; when there are blocks, {@code text} is only their fallback, as in Slack;</li>
 *   <li>else {@code text};</li>
 *   <li>then each of {@code attachments}: {@code pretext}, {@code title} (a link with {@code title_link}),
 *   {@code text}, {@code fields} as "title: value" lines, or {@code fallback} when it has none of these.</li>
 * </ul>
 * Slack's link markup ({@code <https://x|label>}) becomes a Markdown link and its escapes ({@code &amp;lt;}) are
 * undone. {@code username}, {@code icon_url}, {@code icon_emoji} and {@code channel} are accepted and not used: a
 * hook posts as its own bot, into its own room.
 */
public final class SlackMessage {

    private static final Pattern LINK = Pattern.compile("<((?:https?|mailto):[^|>\\s]+)(?:\\|([^>]*))?>");
    private static final Pattern SPECIAL = Pattern.compile("<!(channel|here|everyone)(?:\\|[^>]*)?>");

    private SlackMessage() {
    }

    /**
     * The message text of a webhook body.
     *
     * @throws IllegalArgumentException when the body says nothing (no text, blocks or attachments with text)
     */
    public static String text(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object like {\"text\":\"hello\"}");
        }
        var parts = new ArrayList<String>();
        List<String> blocks = blocks(body.path("blocks"));
        if (!blocks.isEmpty()) {
            parts.add(String.join("\n", blocks));
        } else {
            add(parts, string(body, "text"));
        }
        for (JsonNode attachment : body.path("attachments")) {
            add(parts, attachment(attachment));
        }
        String text = String.join("\n\n", parts).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the body has no text: give \"text\", \"blocks\" with section text, or "
                    + "\"attachments\" with \"text\" or \"fallback\"");
        }
        return text;
    }

    private static List<String> blocks(JsonNode blocks) {
        var lines = new ArrayList<String>();
        for (JsonNode block : blocks) {
            switch (block.path("type").asText("")) {
                case "header" -> add(lines, bold(string(block.path("text"), "text")));
                case "section" -> {
                    add(lines, string(block.path("text"), "text"));
                    for (JsonNode field : block.path("fields")) {
                        add(lines, string(field, "text"));
                    }
                }
                case "context" -> {
                    var texts = new ArrayList<String>();
                    for (JsonNode element : block.path("elements")) {
                        add(texts, string(element, "text"));
                    }
                    add(lines, String.join(" ", texts));
                }
                default -> { } // images, dividers, actions: nothing to read
            }
        }
        return lines;
    }

    private static String attachment(JsonNode attachment) {
        var lines = new ArrayList<String>();
        add(lines, string(attachment, "pretext"));
        String title = string(attachment, "title");
        String link = string(attachment, "title_link");
        if (title != null) {
            add(lines, bold(link != null && link.matches("https?://\\S+") ? "[" + title + "](" + link + ")" : title));
        }
        add(lines, string(attachment, "text"));
        for (JsonNode field : attachment.path("fields")) {
            String name = string(field, "title");
            String value = string(field, "value");
            if (value != null) {
                add(lines, name == null ? value : name + ": " + value);
            }
        }
        if (lines.isEmpty()) {
            add(lines, string(attachment, "fallback"));
        }
        return String.join("\n", lines);
    }

    /** A text field, with Slack's markup turned into Markdown, or null when absent or blank. */
    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        return fromSlack(value.asText());
    }

    /** Slack's {@code <url|label>} links, {@code <!channel>} mentions and HTML escapes, as Markdown and plain text. */
    static String fromSlack(String text) {
        Matcher links = LINK.matcher(text);
        String linked = links.replaceAll(match -> Matcher.quoteReplacement(match.group(2) == null || match.group(2)
                .isBlank() ? match.group(1) : "[" + match.group(2) + "](" + match.group(1) + ")"));
        String mentioned = SPECIAL.matcher(linked).replaceAll("@$1");
        return mentioned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String bold(String text) {
        return text == null ? null : "**" + text + "**";
    }

    private static void add(List<String> parts, String part) {
        if (part != null && !part.isBlank()) {
            parts.add(part.strip());
        }
    }
}
