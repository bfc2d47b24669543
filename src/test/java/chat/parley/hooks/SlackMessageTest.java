package chat.parley.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the JSON that Slack-speaking tools send becomes as the text of one message. */
class SlackMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SlackMessageTest.class.getResourceAsStream("/hooks/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void alertmanagers_slack_receiver_becomes_its_linked_title() throws IOException {
        assertThat(SlackMessage.text(fixture("alertmanager-slack.json"))).isEqualTo(
                "**[[FIRING:1] DiskFull (node-3 critical)](http://alertmanager.lan:9093/#/alerts?receiver=parley)**");
    }

    @Test
    void grafanas_slack_contact_point_keeps_title_and_text() throws IOException {
        assertThat(SlackMessage.text(fixture("grafana-slack.json"))).isEqualTo("""
                **[[FIRING:1] HighCPU (web-1)](http://grafana.lan:3000/alerting/list)**
                **Firing**

                Value: A=97.3
                Labels:
                 - alertname = HighCPU
                 - instance = web-1
                Annotations:
                 - summary = CPU above 90% & rising
                Source: http://grafana.lan:3000/alerting/grafana/abc/view""");
    }

    @Test
    void gitlabs_slack_links_become_markdown_links_and_escapes_are_undone() throws IOException {
        assertThat(SlackMessage.text(fixture("gitlab-slack.json"))).isEqualTo(
                "Dana (dana) pushed to branch [main](http://gitlab.lan/acme/api/commits/main) of "
                        + "[acme/api](http://gitlab.lan/acme/api) ([Compare changes]"
                        + "(http://gitlab.lan/acme/api/compare/1a2b3c4d...3c4d5e6f))\n\n"
                        + "[3c4d5e6f](http://gitlab.lan/acme/api/commit/3c4d5e6f): Fix the flaky login test <again> "
                        + "- Dana");
    }

    @Test
    void blocks_win_over_their_fallback_text() throws IOException {
        assertThat(SlackMessage.text(fixture("slack-blocks.json"))).isEqualTo("""
                **Deploy**
                *api* v2.3 is live @here
                *Env:* prod
                *By:* jenkins
                build 4711""");
    }

    @Test
    void attachments_without_text_fall_back_and_an_empty_body_says_so() throws IOException {
        assertThat(SlackMessage.text(JSON.readTree("{\"attachments\":[{\"fallback\":\"Build #7 failed\","
                + "\"color\":\"danger\"}]}"))).isEqualTo("Build #7 failed");
        assertThat(SlackMessage.text(JSON.readTree("{\"text\":\"plain <https://x.lan/a?b=1&amp;c=2>\"}")))
                .isEqualTo("plain https://x.lan/a?b=1&c=2");
        assertThatThrownBy(() -> SlackMessage.text(JSON.readTree("{\"username\":\"x\",\"text\":\"  \"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no text");
        assertThatThrownBy(() -> SlackMessage.text(JSON.readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
        // a title link that is not http(s) stays out of the message
        assertThat(SlackMessage.text(JSON.readTree("{\"attachments\":[{\"title\":\"t\","
                + "\"title_link\":\"javascript:alert(1)\"}]}"))).isEqualTo("**t**");
    }
}
