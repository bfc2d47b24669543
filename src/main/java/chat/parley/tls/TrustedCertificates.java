package chat.parley.tls;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Trust in the certificates of one PEM file only, not the JVM's defaults: for a TLS server whose certificate chains
 * to a CA of one's own, such as a Parley server's local CA ({@code /api/tls/ca.pem}). Used by {@code parley chat
 * --cafile} and by a web node's {@code broker-ca-file}.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /**
     * Trust managers for the certificates in {@code file}.
     *
     * @throws TlsException naming the file when it cannot be read or holds no certificate
     */
    public static TrustManagerFactory of(Path file) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (var cert : Pem.readCertificates(file)) {
                store.setCertificateEntry("ca" + n++, cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException(file + ": " + e.getMessage(), e);
        }
    }
}
