package chat.parley.cli;

import chat.parley.tls.TlsException;
import chat.parley.tls.TrustedCertificates;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

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
            return TrustedCertificates.of(file);
        } catch (TlsException e) {
            throw CliException.usage("--cafile " + e.getMessage());
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
