package chat.parley;

import chat.parley.config.ParleyConfig;
import chat.parley.config.PushSettings;
import chat.parley.config.Settings;
import org.slf4j.LoggerFactory;

/**
 * What a web node ({@code broker-url}) turns off because it would be wrong there, each said once in the log: Web Push
 * (it decides on every stored message and on who is connected, and only the broker sees those) and LAN discovery
 * (it would advertise this machine as the broker). Combinations that make no sense at all are refused earlier, by
 * the configuration itself (store, bridge, outgoing webhooks).
 */
final class WebNodeMode {

    private WebNodeMode() {
    }

    static ParleyConfig adjust(ParleyConfig config) {
        var log = LoggerFactory.getLogger(WebNodeMode.class);
        ParleyConfig adjusted = config;
        if (config.push().enabled()) {
            log.warn("web node: Web Push is off (only the broker sees every message and every connection); "
                    + "set {} false to silence this", Settings.WEB_PUSH.key());
            adjusted = adjusted.withPush(new PushSettings(false, config.push().subject(), config.push().services()));
        }
        if (config.discovery()) {
            log.info("web node: not advertised on the LAN (clients find the broker at {})",
                    config.webNode().brokerUrl());
            adjusted = adjusted.withDiscovery(false);
        }
        return adjusted;
    }
}
