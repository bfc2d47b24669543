package chat.parley;

import chat.parley.accounts.BotStore;
import chat.parley.accounts.ClaimStore;
import chat.parley.accounts.PrivateRooms;
import chat.parley.accounts.RoomNames;
import chat.parley.accounts.SessionStore;
import chat.parley.accounts.UnlistedRooms;
import chat.parley.accounts.UserStore;
import chat.parley.config.FileLimits;
import chat.parley.db.SqlStore;
import chat.parley.e2e.KdfParams;
import chat.parley.e2e.RoomMeta;
import chat.parley.e2e.RoomMetaStore;
import chat.parley.files.SharedFiles;
import chat.parley.files.StoredFile;
import chat.parley.hooks.IncomingHooks;
import chat.parley.hooks.OutgoingHook;
import chat.parley.hooks.OutgoingHooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every store outside the history must do, on either engine ({@link SqlStore}): claims, accounts, sessions,
 * bots, private rooms, unlisted rooms, room names, encrypted rooms' meta, shared files' rows, webhooks and push
 * subscriptions.
 * Each test reopens the stores on the same database to show what is kept. Subclasses say which database.
 */
public abstract class SharedStoresContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHECK = "AAAAAAAAAAAAAAAAAAAAAA";

    @TempDir
    Path dataDir;

    private final List<SqlStore> opened = new ArrayList<>();

    /** A new connection to the test's one database, migrated; each call is another "node" on it. */
    protected abstract SqlStore connect() throws Exception;

    protected SqlStore open() throws Exception {
        SqlStore store = connect();
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(SqlStore::close);
    }

    @Test
    void a_claim_is_kept_and_needs_its_secret_and_a_released_name_is_free() throws Exception {
        var claims = ClaimStore.open(open());
        String secret = claims.claim("alice").orElseThrow();
        assertThat(claims.claim("alice")).isEmpty();

        var again = ClaimStore.open(open());
        assertThat(again.isClaimed("alice")).isTrue();
        assertThat(again.verify("alice", secret)).isTrue();
        assertThat(again.verify("alice", secret + "x")).isFalse();
        assertThat(again.names()).containsExactly("alice");
        assertThat(again.release("alice")).isTrue();
        assertThat(claims.isClaimed("alice")).isFalse();
        assertThat(claims.claim("alice")).isPresent();
    }

    @Test
    void accounts_are_kept_listed_by_name_and_removed() throws Exception {
        var users = new UserStore(open());
        assertThat(users.add("zoe", "a long enough password")).isTrue();
        assertThat(users.add("Bob", "another long password")).isTrue();
        assertThat(users.add("zoe", "a long enough password")).isFalse();

        var again = new UserStore(open());
        assertThat(again.verify("zoe", "a long enough password")).isTrue();
        assertThat(again.verify("zoe", "wrong password here")).isFalse();
        assertThat(again.list()).extracting(UserStore.User::user).containsExactly("Bob", "zoe");
        assertThat(again.setPassword("zoe", "a brand new password")).isTrue();
        assertThat(users.verify("zoe", "a brand new password")).isTrue();
        assertThat(again.remove("zoe")).isTrue();
        assertThat(users.exists("zoe")).isFalse();
    }

    @Test
    void a_session_made_on_one_connection_is_known_on_another_until_it_ends_or_expires() throws Exception {
        var sessions = new SessionStore(open(), Clock.systemUTC());
        String token = sessions.create("alice");
        String other = sessions.create("alice");

        var elsewhere = new SessionStore(open(), Clock.systemUTC());
        assertThat(elsewhere.user(token)).contains("alice");
        elsewhere.end(token);
        assertThat(sessions.user(token)).isEmpty();
        assertThat(sessions.user(other)).contains("alice");
        sessions.endAll("alice");
        assertThat(elsewhere.user(other)).isEmpty();

        var later = new SessionStore(open(), Clock.fixed(Instant.now().plus(SessionStore.LIFETIME).plusSeconds(60),
                ZoneOffset.UTC));
        String expiring = sessions.create("bob");
        assertThat(later.user(expiring)).isEmpty();
    }

    @Test
    void bots_are_kept_found_by_token_and_listed_by_name() throws Exception {
        var bots = new BotStore(open());
        String token = bots.create("zeta", List.of()).orElseThrow();
        bots.create("alpha", List.of("ops")).orElseThrow();
        assertThat(bots.create("zeta", List.of())).isEmpty();

        var again = new BotStore(open());
        assertThat(again.byToken(token).orElseThrow().name()).isEqualTo("zeta");
        assertThat(again.list()).extracting(chat.parley.accounts.Bot::name).containsExactly("alpha", "zeta");
        assertThat(again.revoke("zeta")).isTrue();
        assertThat(bots.byToken(token)).isEmpty();
        assertThat(bots.find("zeta").orElseThrow().hasToken()).isFalse();
    }

    @Test
    void private_rooms_keep_their_owner_and_members() throws Exception {
        var rooms = PrivateRooms.open(open());
        assertThat(rooms.create("plans", "alice")).isTrue();
        assertThat(rooms.create("plans", "bob")).isFalse();
        assertThat(rooms.invite("plans", "bob", "alice")).isTrue();
        assertThat(rooms.invite("plans", "carol", "alice")).isTrue();
        assertThat(rooms.remove("plans", "carol", "alice")).isTrue();

        var again = PrivateRooms.open(open());
        assertThat(again.owner("plans")).contains("alice");
        assertThat(again.members("plans")).containsExactly("alice", "bob");
        assertThat(again.isMember("plans", "carol")).isFalse();
        assertThat(again.roomsOf("bob")).containsExactly("plans");
        assertThat(again.create("plans", "carol")).isFalse();
    }

    @Test
    void unlisted_rooms_and_room_names_are_kept() throws Exception {
        SqlStore db = open();
        var unlisted = UnlistedRooms.open(db);
        var names = RoomNames.open(db);
        assertThat(unlisted.mark("hidden", "alice")).isTrue();
        assertThat(unlisted.mark("hidden", "bob")).isFalse();
        assertThat(unlisted.mark("gone", "alice")).isTrue();
        assertThat(unlisted.unmark("gone")).isTrue();
        assertThat(names.set("hidden", "Secret plans", "alice")).isTrue();
        assertThat(names.set("hidden", "Plans", "alice")).isTrue();

        SqlStore other = open();
        assertThat(UnlistedRooms.open(other).all()).containsExactly("hidden");
        assertThat(UnlistedRooms.open(other).creator("hidden")).contains("alice");
        assertThat(RoomNames.open(other).all()).containsExactly(java.util.Map.entry("hidden", "Plans"));
    }

    @Test
    void a_rooms_meta_is_set_once_and_takes_one_check_value() throws Exception {
        var metas = RoomMetaStore.open(open(), JSON);
        var meta = new RoomMeta("secret", KdfParams.fresh(), null, 1_000);
        assertThat(metas.create(meta)).isEqualTo(meta);
        assertThat(metas.create(new RoomMeta("secret", KdfParams.fresh(), null, 2_000)).created()).isEqualTo(1_000);

        var again = RoomMetaStore.open(open(), JSON);
        assertThat(again.isEncrypted("secret")).isTrue();
        assertThat(again.addCheck("secret", CHECK)).isEqualTo(RoomMetaStore.CheckOutcome.ADDED);
        assertThat(again.addCheck("secret", CHECK)).isEqualTo(RoomMetaStore.CheckOutcome.SAME);
        assertThat(RoomMetaStore.open(open(), JSON).get("secret").orElseThrow().check()).isEqualTo(CHECK);
    }

    @Test
    void a_shared_files_row_is_kept_and_counted() throws Exception {
        var limits = new FileLimits(1 << 20, 10 << 20, false, 10);
        var files = SharedFiles.open(open(), dataDir, limits, new SimpleMeterRegistry());
        byte[] bytes = "hello, file".getBytes(StandardCharsets.UTF_8);
        StoredFile stored = files.upload(new SharedFiles.Upload("room", "alice", "text/plain", bytes.length,
                "hello.txt", false), new ByteArrayInputStream(bytes));

        var again = SharedFiles.open(open(), dataDir, limits, new SimpleMeterRegistry());
        StoredFile found = again.find(stored.id()).orElseThrow();
        assertThat(found.name()).isEqualTo("hello.txt");
        assertThat(found.uploader()).isEqualTo("alice");
        assertThat(again.content(found)).hasContent("hello, file");
        assertThat(again.stats().files()).isEqualTo(1);
        assertThat(again.stats().bytes()).isEqualTo(bytes.length);
    }

    @Test
    void webhooks_made_through_one_connection_work_through_another() throws Exception {
        var incoming = new IncomingHooks(open());
        var made = incoming.create("ops", "deploy-bot");
        var outgoing = OutgoingHooks.open(open());
        var hook = outgoing.create("http://127.0.0.1:9/hook", "ops", null);

        var elsewhere = new IncomingHooks(open());
        assertThat(elsewhere.byToken(made.token()).orElseThrow().bot()).isEqualTo("deploy-bot");
        assertThat(OutgoingHooks.open(open()).list()).extracting(OutgoingHook::url)
                .containsExactly("http://127.0.0.1:9/hook");
        assertThat(elsewhere.remove(made.hook().id())).isTrue();
        assertThat(incoming.byToken(made.token())).isEmpty();
        assertThat(outgoing.remove(hook.id())).isTrue();
        assertThat(OutgoingHooks.open(open()).list()).isEmpty();
    }

    @Test
    void removing_an_account_or_releasing_a_claim_forgets_its_push_subscriptions() throws Exception {
        SqlStore db = open();
        var users = new UserStore(db);
        var claims = ClaimStore.open(db);
        users.add("alice", "a long enough password");
        claims.claim("bob").orElseThrow();
        for (String user : List.of("alice", "bob", "carol")) {
            db.update("INSERT INTO push_subscriptions (endpoint, \"user\", p256dh, auth, created) "
                    + "VALUES (?, ?, 'k', 'a', 1)", "https://push.example/" + user, user);
        }

        users.remove("alice");
        claims.release("bob");

        assertThat(db.query("SELECT \"user\" FROM push_subscriptions", rs -> rs.getString(1)))
                .containsExactly("carol");
    }
}
