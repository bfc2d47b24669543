package chat.parley.extension;

import chat.parley.ChatStores;
import chat.parley.StartupException;
import chat.parley.broker.ParleyExtension;
import chat.parley.broker.RefusalCounter;
import chat.parley.broker.RoomMetaPublisher;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.ConfigException;
import chat.parley.config.ParleyConfig;
import chat.parley.hooks.Hooks;
import chat.parley.push.WebPushNotifier;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's chat rules as a standard HiveMQ extension, for a HiveMQ broker that Parley does not start: the folder of
 * {@code parley-extension.zip} in the broker's {@code extensions/}. It is the embedded broker's
 * {@link ParleyExtension}, wired over the same stores by {@link ChatStores}: who connects as whom, the same rules on
 * every chat publish, the same stamped envelopes, stored before the publish is acknowledged. Its settings come from
 * {@code conf/parley.yml} in the extension's folder ({@link ExtensionSettings}). It also sends the outgoing webhooks of
 * the messages it accepts, the Web Push notifications of every message it carries, and trusts Parley web nodes by their
 * node secret (docs/scale.md).
 *
 * <p>When it cannot start (a bad setting, a damaged database) it logs one line and tells HiveMQ not to start it;
 * HiveMQ then refuses every client for want of an authenticator, so no chat goes around the rules.
 */
public final class ParleyHiveMQExtension implements ExtensionMain {

    private static final Logger log = LoggerFactory.getLogger(ParleyHiveMQExtension.class);

    private volatile ChatStores stores;
    private volatile ParleyExtension rules;
    private volatile Hooks hooks;
    private volatile WebPushNotifier push;

    /** HiveMQ makes the extension with this constructor (a no-argument one is required). */
    public ParleyHiveMQExtension() {
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        var home = input.getExtensionInformation().getExtensionHomeFolder().toPath();
        try {
            ParleyConfig config = ExtensionSettings.load(home);
            var json = new ObjectMapper();
            var metrics = new SimpleMeterRegistry();
            stores = ChatStores.open(config, json, metrics);
            // Sessions may outlive a connection in HiveMQ's own persistence: without a record of who owns each, the
            // rules check every connection's deliveries (see ParleyExtension).
            rules = stores.extension(new MessageRules(json, config.maxTextChars(), config.maxPayloadBytes()),
                    new RefusalCounter(metrics), json, metrics, null);
            rules.trustNodes(config.webNode().nodeSecret()); // Parley web nodes (docs/scale.md)
            // Outgoing webhooks of what this broker accepts (web nodes send those of what they accept themselves)
            hooks = Hooks.start(config.hooks(), config.name(), stores.shared(), stores.database(), rules.intake(),
                    stores.accounts(), json, metrics);
            push = startPush(config, json, metrics);
            rules.extensionStart(input, output);
            // retained messages live in the broker: publish every encrypted room's meta again
            new RoomMetaPublisher(new Topics(config.prefix()), json, stores.roomMetas(),
                    stores.accounts().roomNames()).publishAll();
            log.info("Parley chat rules started: topics under {}/, history and accounts in {}{}", config.prefix(),
                    config.store().kind() == chat.parley.config.StoreSettings.Kind.POSTGRESQL
                            ? config.store().postgresLocation() : config.dataDir().resolve("parley.db"),
                    config.webNode().trustsNodes() ? ", web nodes trusted by their node-secret" : "");
        } catch (ConfigException | StartupException e) {
            log.error("parley-extension cannot start: {}", e.getMessage());
            closeStores();
            output.preventExtensionStartup(e.getMessage());
        } catch (java.sql.SQLException e) {
            log.error("parley-extension cannot start: a database call failed: {}", e.getMessage());
            closeStores();
            output.preventExtensionStartup("a database call failed: " + e.getMessage());
        }
    }

    /**
     * Web Push from the broker, which alone sees who is connected: for the messages it accepts and those its web nodes
     * stored and published through it. Browsers subscribe on the web nodes, with the key pair all of them share in
     * the database ({@code web-push: false} in {@code conf/parley.yml} turns it off).
     */
    private WebPushNotifier startPush(ParleyConfig config, ObjectMapper json, SimpleMeterRegistry metrics)
            throws java.sql.SQLException {
        if (!config.push().enabled()) {
            return null;
        }
        try {
            return stores.webPush(rules, true, json, metrics);
        } catch (java.io.IOException e) {
            throw new StartupException("cannot read or make the Web Push key: " + e.getMessage()
                    + "; or turn push off with web-push: false", e);
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        if (rules != null) {
            rules.extensionStop(input, output);
        }
        closeStores();
    }

    private void closeStores() {
        WebPushNotifier pushing = push;
        push = null;
        if (pushing != null) {
            pushing.close();
        }
        Hooks running = hooks;
        hooks = null;
        if (running != null) {
            running.close();
        }
        ChatStores open = stores;
        stores = null;
        if (open != null) {
            open.close();
        }
    }
}
