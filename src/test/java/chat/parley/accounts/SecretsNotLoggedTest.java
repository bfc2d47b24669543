package chat.parley.accounts;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import chat.parley.TestServer;
import chat.parley.config.AuthMode;
import chat.parley.config.ParleyConfig;
import chat.parley.testing.ParleyServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static chat.parley.accounts.Rest.addUser;
import static chat.parley.accounts.Rest.admin;
import static chat.parley.accounts.Rest.api;
import static chat.parley.accounts.Rest.connect;
import static chat.parley.accounts.Rest.credentials;
import static chat.parley.accounts.Rest.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Passwords, claim secrets, session tokens and the admin token never reach the log or an API answer about them. */
class SecretsNotLoggedTest {

    @RegisterExtension
    static ParleyServerExtension parley = new ParleyServerExtension().withConfig(config -> config
            .withRateLimit(TestServer.UNLIMITED).withAuth(AuthMode.ACCOUNTS)
            .withAccess(new ParleyConfig.Access(true, true)).toBuilder().verbose(true).build());

    static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void capture() {
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
    }

    @AfterAll
    static void release() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
    }

    @Test
    void no_secret_is_logged_or_echoed() {
        var secrets = new ArrayList<String>();
        secrets.add(parley.server().adminToken().value());
        addUser(parley.server(), "sam", "sams-password-1");
        secrets.add("sams-password-1");
        api(parley.server()).body(credentials("sam", "wrong-guess-42")).post("/api/login").then().statusCode(401);
        secrets.add("wrong-guess-42");
        String token = login(parley.server(), "sam", "sams-password-1");
        secrets.add(token);
        api(parley.server()).body(credentials("signy", "signup-password-7")).post("/api/signup").then()
                .statusCode(201);
        secrets.add("signup-password-7");
        api(parley.server()).body("{\"user\":\"claimer\"}").post("/api/claim").then().statusCode(403);
        catchThrowable(() -> connect(parley.server(), "sam", "mqtt-wrong-password"));
        secrets.add("mqtt-wrong-password");
        connect(parley.server(), "sam", token).disconnect();
        admin(parley.server()).body("{\"password\":\"reset-password-9\"}").put("/api/admin/users/sam/password")
                .then().statusCode(204);
        secrets.add("reset-password-9");
        admin(parley.server()).body(credentials("sam", "x")).post("/api/admin/users").then().statusCode(400);

        List<String> answers = List.of(
                admin(parley.server()).get("/api/admin/users").asString(),
                admin(parley.server()).get("/api/admin/claims").asString(),
                api(parley.server()).get("/api/info").asString(),
                api(parley.server()).auth().oauth2(login(parley.server(), "signy", "signup-password-7"))
                        .get("/api/session").asString());

        List<String> logged = LOG.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(logged).as("something was logged during the attacks").isNotEmpty();
        for (String secret : secrets) {
            assertThat(logged).noneMatch(line -> line.contains(secret));
            assertThat(answers).noneMatch(answer -> answer.contains(secret));
        }
    }
}
