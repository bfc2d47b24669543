package chat.parley.broker;

import chat.parley.accounts.Accounts;
import chat.parley.chat.MessageRules;
import chat.parley.chat.Topics;
import chat.parley.config.ClientLimits;
import chat.parley.config.ParleyConfig.RateLimit;
import chat.parley.history.MessageStore;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The chat policy inside the broker, as a HiveMQ embedded extension: who connects as whom, and the rules every
 * publish in the chat namespace must pass.
 */
public final class ParleyExtension implements ExtensionMain {

    private final ConnectAuthenticator authenticator;
    private final ChatIntake intake;
    private final ChatPublishInterceptor publishInterceptor;
    private final NodePublishes nodePublishes;
    private final PresenceTracker presence;
    private final RoomPresence roomPresence;
    private final ChatSubscriptionAuthorizer subscriptionAuthorizer;
    private final OutboundTraffic outbound;
    private final ReadFilters readFilters;
    private final ConnectedClients clients = new ConnectedClients();
    private final TrafficCounter traffic;
    private final ClientControl clientControl;
    private final SystemMessages systemMessages;
    private final ConnectionLimit connectionLimit;
    private final SubscriptionLimit subscriptionLimit;
    private final SessionOwners sessionOwners;
    private final RefusalCounter refusals;
    private volatile WebSocketOrigins webSocketOrigins = new WebSocketOrigins(java.util.List.of(),
            java.util.List.of());
    private volatile MetricRegistry brokerMetrics;
    private final NodeTrust nodes = new NodeTrust();
    private final Topics topics;
    /** Where the server's own publishes go: this broker, until a web node sends them over its connection instead. */
    private volatile ServerPublisher publisher = ServerPublisher.IN_BROKER;

    /**
     * @param limits            connections per IP address and subscriptions per connection
     * @param typingMaxPeople   the most people online in a room whose typing signals are delivered, 0 for any
     * @param sessionOwnersFile where to keep who owns each stored MQTT session when the broker keeps sessions on disk
     *                          across restarts, or null when sessions live in memory (then every connection's
     *                          deliveries are checked, since a resumed session may hold subscriptions never seen)
     */
    public ParleyExtension(Topics topics, MessageRules rules, MessageStore store, Accounts accounts,
                           RateLimit rateLimit, RefusalCounter refusals, ObjectMapper json, MeterRegistry registry,
                           ClientLimits limits, int typingMaxPeople, java.nio.file.Path sessionOwnersFile) {
        boolean persistedSessions = sessionOwnersFile != null;
        this.topics = topics;
        this.refusals = refusals;
        var bans = new Bans(java.time.Clock.systemUTC());
        this.connectionLimit = new ConnectionLimit(limits.connectionsPerIp());
        this.subscriptionLimit = new SubscriptionLimit(limits.subscriptions());
        this.sessionOwners = new SessionOwners(java.time.Clock.systemUTC(), sessionOwnersFile);
        this.authenticator = new ConnectAuthenticator(accounts, bans, refusals, registry, connectionLimit,
                sessionOwners, nodes);
        ServerPublisher out = (topic, payload, retain) -> publisher.publish(topic, payload, retain);
        var readPolicy = new ReadPolicy(topics, accounts.rooms());
        this.outbound = new OutboundTraffic();
        this.readFilters = new ReadFilters(readPolicy, outbound, persistedSessions);
        this.intake = new ChatIntake(topics, rules, store, refusals, registry, out);
        this.traffic = new TrafficCounter(clients, registry);
        this.clientControl = new ClientControl(clients, bans);
        this.nodePublishes = new NodePublishes(topics, json, readFilters::rightsShrank, clientControl);
        this.roomPresence = new RoomPresence(topics, readPolicy, json);
        this.publishInterceptor = new ChatPublishInterceptor(topics, intake, refusals, rateLimit, accounts.rooms(),
                outbound, traffic, nodePublishes, new TypingReach(typingMaxPeople, roomPresence::peopleIn, registry));
        this.presence = new PresenceTracker(topics, json);
        this.subscriptionAuthorizer = new ChatSubscriptionAuthorizer(readPolicy, readFilters, outbound, registry,
                subscriptionLimit, refusals, roomPresence);
        clients.countOutWith(outbound::messagesOut);
        this.systemMessages = new SystemMessages(topics, store, out);
        var userEvents = new UserEventPublisher(topics, json, accounts.roomNames(), out);
        accounts.privateRooms().onChange(change -> {
            if (change.kind() == chat.parley.accounts.MembershipChange.Kind.REMOVED) {
                readFilters.rightsShrank(change.user()); // first: nothing more of the room reaches them
            }
            userEvents.membershipChanged(change);
        });
    }

    /** Makes the rooms this predicate names take only end-to-end encrypted messages. Call before the broker starts. */
    public void requireCiphertextIn(java.util.function.Predicate<String> encryptedRooms) {
        intake.encryptedRooms(encryptedRooms);
    }

    /**
     * Lets Parley web nodes that present this secret publish what their server writes (docs/scale.md); empty trusts
     * none. Call before the broker starts.
     */
    public void trustNodes(String nodeSecret) {
        nodes.trust(nodeSecret);
    }

    /**
     * Adds one who hears of each chat message a trusted web node publishes: stored by the node (which told its own
     * {@link ChatIntake#onAccepted} listeners), carried by this broker. For what only the broker can decide.
     */
    public void onNodeMessage(java.util.function.Consumer<chat.parley.history.MessageStore.Appended> listener) {
        nodePublishes.onMessage(listener);
    }

    /**
     * Sends the server's own publishes (system messages, posts over HTTP, user events) through {@code out} instead of
     * into a broker in this process: a web node's connection to the external broker. Call before anything is posted.
     */
    public void publishThrough(ServerPublisher out) {
        this.publisher = java.util.Objects.requireNonNull(out, "out must not be null.");
        clientControl.relayThrough(out, topics.nodeCommands());
    }

    /** Where file messages find the uploads they name (issue 18). Call before the broker starts. */
    public void useFiles(chat.parley.chat.FileCatalog files) {
        intake.files(files);
    }

    /**
     * Lets pages of these origins open the MQTT WebSocket, besides the server's own (see {@link WebSocketOrigins}).
     * Call before the broker starts.
     *
     * @param allowed  the {@code allowed-origins} setting, normalised
     * @param ownPorts the server's web and WebSocket ports, read when a page connects
     */
    public void allowWebSocketOrigins(java.util.List<String> allowed,
                                      java.util.List<java.util.function.IntSupplier> ownPorts) {
        this.webSocketOrigins = new WebSocketOrigins(allowed, ownPorts);
    }

    WebSocketOriginGuard.OriginCheck webSocketOrigins() {
        return webSocketOrigins;
    }

    /** A page of another site tried to open the MQTT WebSocket: counted and logged like any refusal. */
    void refusedOrigin(String origin, String address) {
        refusals.refused(chat.parley.chat.Refusal.FOREIGN_ORIGIN, address, "WebSocket",
                "a page from " + origin + " may not open the MQTT WebSocket (allowed-origins)");
    }

    /** The admin's handle on MQTT connections. */
    public ClientControl clientControl() {
        return clientControl;
    }

    /** Where every chat message gets in: local publishes and the bridge. */
    public ChatIntake intake() {
        return intake;
    }

    /** HiveMQ's own metrics (connections, packets, queues …), available once the broker has started. */
    public MetricRegistry brokerMetrics() {
        return brokerMetrics;
    }

    /** Where the server writes its own messages into rooms. */
    public SystemMessages systemMessages() {
        return systemMessages;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        brokerMetrics = Services.metricRegistry();
        traffic.countOutgoing(brokerMetrics);
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> subscriptionAuthorizer);
        Services.initializerRegistry().setClientInitializer((initializerInput, clientContext) -> {
            // One inbound interceptor per connection (it also counts the traffic): HiveMQ runs each interceptor of a
            // publish as an extension task of its own, with its own copy of the packet.
            clientContext.addPublishInboundInterceptor(
                    publishInterceptor.forClient(initializerInput.getConnectionInformation()));
            // no outbound interceptor here: each would cost every delivery a thread hop (see ReadFilters)
            String clientId = initializerInput.getClientInformation().getClientId();
            outbound.initialize(clientId, initializerInput.getConnectionInformation(), clientContext);
            readFilters.initialize(clientId, initializerInput.getConnectionInformation(), clientContext);
            clientContext.addUnsubscribeInboundInterceptor(subscriptionLimit);
            clientContext.addUnsubscribeInboundInterceptor(roomPresence);
        });
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> new ClientEvents(clients, presence,
                roomPresence, connectionLimit, subscriptionLimit, outbound.lifecycle(), readFilters.lifecycle(),
                sessionOwners.lifecycle()));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // The broker drops the registered authenticator and interceptors itself; the session owners are saved.
        sessionOwners.close();
        roomPresence.close();
    }
}
