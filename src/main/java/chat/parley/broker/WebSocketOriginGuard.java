package chat.parley.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Refuses MQTT WebSocket handshakes that a web page of another site makes. A browser lets any page open a WebSocket
 * to any address and says which page did it in {@code Origin}; without a check, a page on the internet could use a
 * visitor's browser as a way into a LAN-only Parley and read its rooms. Non-browser clients send no {@code Origin}
 * (or their own URL) and are judged by {@link OriginCheck} like a page.
 * <p>
 * HiveMQ CE has no hook for the HTTP upgrade request, so the guard is put into the Netty pipeline of the WebSocket
 * listeners' accepted channels, right after HiveMQ's HTTP aggregator, where the whole upgrade request passes. Reaching the listeners' server channels needs HiveMQ internals (the broker's injector and its connection
 * persistence); when those change in a HiveMQ upgrade, {@link #install} fails and the server does not start, so the
 * check is never silently lost.
 */
final class WebSocketOriginGuard {

    /**
     * HiveMQ's name for the handler that puts the upgrade request together, in each WebSocket channel's pipeline. The
     * check goes right after it: Netty's protocol handler puts its handshake handler in front of itself, so "before
     * the protocol handler" would be too late.
     */
    private static final String HIVEMQ_HTTP_AGGREGATOR = "http_object_aggregator";

    /** Decides whether a page at {@code origin} may open the WebSocket. */
    @FunctionalInterface
    interface OriginCheck {
        /**
         * @param origin        the {@code Origin} header, or null when the client sent none
         * @param host          the {@code Host} header, or null
         * @param forwardedHost the {@code X-Forwarded-Host} header a reverse proxy set, or null
         */
        boolean allowed(String origin, String host, String forwardedHost);
    }

    /** Called for each refused handshake, with the origin and the peer's address. */
    @FunctionalInterface
    interface Refused {
        void refused(String origin, String address);
    }

    private WebSocketOriginGuard() {
    }

    /**
     * Guards the named WebSocket listeners of a started broker.
     *
     * @throws IllegalStateException when HiveMQ's internals are not where this version expects them
     */
    static void install(EmbeddedHiveMQ hive, List<String> listenerNames, OriginCheck check, Refused refused) {
        Map<String, Channel> servers = serverChannels(hive);
        var acceptor = new Acceptor(new Rules(check, refused));
        for (String name : listenerNames) {
            Channel server = servers.get(name);
            if (server == null) {
                throw new IllegalStateException("the MQTT WebSocket listener '" + name + "' has no server channel");
            }
            server.pipeline().addFirst("parley_origin_acceptor", acceptor);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Channel> serverChannels(EmbeddedHiveMQ hive) {
        try {
            Method getInjector = hive.getClass().getDeclaredMethod("getInjector");
            getInjector.setAccessible(true);
            Object injector = getInjector.invoke(hive);
            Class<?> persistenceType = Class.forName("com.hivemq.persistence.connection.ConnectionPersistence");
            Object persistence = Class.forName("com.google.inject.Injector").getMethod("getInstance", Class.class)
                    .invoke(injector, persistenceType);
            Field channels = persistence.getClass().getDeclaredField("serverChannelMap");
            channels.setAccessible(true);
            return (Map<String, Channel>) channels.get(persistence);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach HiveMQ's WebSocket listeners to check Origin (HiveMQ "
                    + "internals changed?): " + e, e);
        }
    }

    /** What each handler below needs: the decision and whom to tell of a refusal. */
    private record Rules(OriginCheck check, Refused refused) {
    }

    /** On a listener's server channel: gives every accepted channel an {@link Installer}. */
    @ChannelHandler.Sharable
    private static final class Acceptor extends ChannelInboundHandlerAdapter {
        private final Rules rules;

        Acceptor(Rules rules) {
            this.rules = rules;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                child.pipeline().addFirst("parley_origin_installer", new Installer(rules));
            }
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * Waits until HiveMQ has built the accepted channel's pipeline (it has by the time the channel is active), then
     * puts the {@link Check} in front of the WebSocket handshake and steps aside.
     */
    private static final class Installer extends ChannelInboundHandlerAdapter {
        private final Rules rules;

        Installer(Rules rules) {
            this.rules = rules;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            var pipeline = ctx.pipeline();
            if (pipeline.get(HIVEMQ_HTTP_AGGREGATOR) != null) {
                pipeline.addAfter(HIVEMQ_HTTP_AGGREGATOR, "parley_origin_check", new Check(rules));
            } else {
                ctx.close(); // no WebSocket handler to guard: never let the upgrade through unchecked
            }
            pipeline.remove(this);
            ctx.fireChannelActive();
        }
    }

    /** Looks at the upgrade request: a foreign page's gets 403 and the connection is closed. */
    private static final class Check extends ChannelInboundHandlerAdapter {
        private final Rules rules;

        Check(Rules rules) {
            this.rules = rules;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request)) {
                ctx.fireChannelRead(msg);
                return;
            }
            var headers = request.headers();
            String origin = headers.get(HttpHeaderNames.ORIGIN);
            if (rules.check().allowed(origin, headers.get(HttpHeaderNames.HOST), headers.get("X-Forwarded-Host"))) {
                ctx.pipeline().remove(this); // one request per connection: the rest is MQTT
                ctx.fireChannelRead(msg);
                return;
            }
            ReferenceCountUtil.release(msg);
            rules.refused().refused(origin, String.valueOf(ctx.channel().remoteAddress()));
            byte[] body = ("a page from " + origin + " may not open this MQTT WebSocket (allowed-origins)\n")
                    .getBytes(StandardCharsets.UTF_8);
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                    Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
