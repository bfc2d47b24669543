package chat.parley.broker;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;

/** Drops every outgoing message the receiving client may not read (see {@link ReadPolicy}), retained ones too. */
final class ChatDeliveryFilter implements PublishOutboundInterceptor {

    private final ReadPolicy policy;

    ChatDeliveryFilter(ReadPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        if (!policy.mayRead(input.getPublishPacket().getTopic(),
                ClientIdentity.user(input.getConnectionInformation()))) {
            output.preventPublishDelivery();
        }
    }
}
