package chat.parley.http;

import chat.parley.config.ParleyConfig;
import chat.parley.tls.TlsIdentity;
import io.javalin.config.JettyConfig;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Jetty's connectors when TLS is on: HTTPS, and plain HTTP unless {@code plain-listeners: false}. Javalin adds its
 * own plain connector only when none is given, so with TLS off this adds nothing.
 */
final class HttpsConnectors {

    private final ParleyConfig config;
    private final TlsIdentity tls;
    private volatile ServerConnector http;
    private volatile ServerConnector https;

    HttpsConnectors(ParleyConfig config, TlsIdentity tls) {
        this.config = config;
        this.tls = tls;
    }

    /** Whether these connectors replace Javalin's default one. */
    boolean active() {
        return tls != null;
    }

    void install(JettyConfig jetty) {
        if (tls == null) {
            return;
        }
        if (config.tls().plain()) {
            jetty.addConnector((server, httpConfig) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(config.bind());
                connector.setPort(config.httpPort());
                http = connector;
                return connector;
            });
        }
        jetty.addConnector((server, httpConfig) -> {
            var secureConfig = new HttpConfiguration(httpConfig);
            var customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false); // clients reach us by IP as often as by name
            secureConfig.addCustomizer(customizer);
            var connector = new ServerConnector(server,
                    new SslConnectionFactory(sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(secureConfig));
            connector.setHost(config.bind());
            connector.setPort(config.tls().httpsPort());
            https = connector;
            return connector;
        });
    }

    private SslContextFactory.Server sslContextFactory() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        var ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore(password.toCharArray()));
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        ssl.setSniRequired(false);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }

    int httpPort() {
        return http == null ? 0 : http.getLocalPort();
    }

    int httpsPort() {
        return https == null ? 0 : https.getLocalPort();
    }
}
