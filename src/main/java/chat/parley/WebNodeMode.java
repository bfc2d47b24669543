package chat.parley;

import chat.parley.config.ParleyConfig;
import org.slf4j.LoggerFactory;

/**
 * What a web node ({@code broker-url}) turns off because it would be wrong there, said once in the log: LAN discovery
 * (it would advertise this machine as the broker). Combinations that make no sense at all are refused earlier, by
 * the configuration itself (store, outgoing webhooks).
 */
final class WebNodeMode {

    private WebNodeMode() {
    }

    static ParleyConfig adjust(ParleyConfig config) {
        var log = LoggerFactory.getLogger(WebNodeMode.class);
        ParleyConfig adjusted = config;
        if (config.discovery()) {
            log.info("web node: not advertised on the LAN (clients find the broker at {})",
                    config.webNode().brokerUrl());
            adjusted = adjusted.withDiscovery(false);
        }
        return adjusted;
    }
}
