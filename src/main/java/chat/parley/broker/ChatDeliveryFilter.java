package chat.parley.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;

/**
 * Drops every outgoing message the receiving client may not read, or that comes from an unlisted room the connection
 * did not name (see {@link ReadPolicy#mayDeliver}), retained ones too, and
 * counts what it lets through. Added only to connections that need it (see {@link ReadFilters}).
 */
final class ChatDeliveryFilter implements PublishOutboundInterceptor {

    private final ReadPolicy policy;
    private final ReadFilters connections;
    private final OutboundTraffic traffic;

    ChatDeliveryFilter(ReadPolicy policy, ReadFilters connections, OutboundTraffic traffic) {
        this.policy = policy;
        this.connections = connections;
        this.traffic = traffic;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (!policy.mayDeliver(input.getPublishPacket().getTopic(),
                ClientIdentity.user(input.getConnectionInformation()), connections.namedRooms(clientId))) {
            output.preventPublishDelivery();
        } else {
            traffic.delivered(clientId);
        }
    }
}
