package chat.parley.cli;

import chat.parley.tls.Pem;
import chat.parley.tls.TlsException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * {@code --cafile}: the certificates (PEM) a TLS server must chain to, e.g. a Parley server's local CA from
 * {@code /api/tls/ca.pem}. Only these are trusted, not the JVM's defaults.
 */
final class CaFile {

    private CaFile() {
    }

    /** Trust managers for the certificates in {@code file}, or {@code null} (the JVM's defaults) without a file. */
    static TrustManagerFactory trust(Path file) {
        if (file == null) {
            return null;
        }
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
        } catch (TlsException e) {
            throw CliException.usage("--cafile: " + e.getMessage());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw CliException.usage("--cafile " + file + ": " + e.getMessage());
        }
    }

    /** An SSL context trusting {@code trust}, or the JVM's default context with {@code null}. */
    static SSLContext context(TrustManagerFactory trust) {
        try {
            if (trust == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
        }
    }
}
