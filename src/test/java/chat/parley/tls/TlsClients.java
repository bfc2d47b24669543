package chat.parley.tls;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;

/** Real TLS clients for tests: MQTT over TLS and secure WebSocket, HTTPS, trusting a given CA or the JVM's defaults. */
final class TlsClients {

    private TlsClients() {
    }

    /** A trust manager factory trusting only {@code ca}, or the JVM's default trust with {@code null}. */
    static TrustManagerFactory trusting(X509Certificate ca) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (ca == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            factory.init(store);
        }
        return factory;
    }

    /** An MQTT 5 client over TLS (or secure WebSocket), not yet connected; verifies the host name "localhost". */
    static Mqtt5AsyncClient mqtt(String host, int port, boolean webSocket, X509Certificate ca) throws Exception {
        var ssl = MqttClientSslConfig.builder().trustManagerFactory(trusting(ca))
                .handshakeTimeout(10, java.util.concurrent.TimeUnit.SECONDS).build();
        var builder = MqttClient.builder().useMqttVersion5().identifier("tls-" + UUID.randomUUID().toString()
                .substring(0, 8)).serverHost(host).serverPort(port).sslConfig(ssl);
        if (webSocket) {
            builder = builder.webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
        }
        return builder.buildAsync();
    }

    /** GET over HTTPS, trusting only {@code ca}. */
    static HttpResponse<byte[]> get(String url, X509Certificate ca) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting(ca).getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10))
                .build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
