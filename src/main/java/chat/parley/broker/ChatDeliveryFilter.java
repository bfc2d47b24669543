package chat.parley.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;

/**
 * Drops every outgoing message the receiving client may not read (see {@link ReadPolicy}), retained ones too, and
 * counts what it lets through. Added only to connections that need it (see {@link OutboundTraffic}).
 */
final class ChatDeliveryFilter implements PublishOutboundInterceptor {

    private final ReadPolicy policy;
    private final OutboundTraffic traffic;

    ChatDeliveryFilter(ReadPolicy policy, OutboundTraffic traffic) {
        this.policy = policy;
        this.traffic = traffic;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        if (!policy.mayRead(input.getPublishPacket().getTopic(),
                ClientIdentity.user(input.getConnectionInformation()))) {
            output.preventPublishDelivery();
        } else {
            traffic.delivered(input.getClientInformation().getClientId());
        }
    }
}
