package chat.parley.tls;

import chat.parley.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the TLS listeners present: a certificate chain (server certificate first) and its private key, plus the local
 * CA that issued it when Parley made it ({@code tls: auto}).
 *
 * @param chain   the server certificate, then any intermediates
 * @param key     the server certificate's private key
 * @param localCa the generated CA that clients should trust, or {@code null} for a user's certificate
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey key, X509Certificate localCa) {

    /** The alias of the key entry in {@link #keyStore(char[])}. */
    public static final String ALIAS = "parley";

    public TlsIdentity {
        chain = List.copyOf(chain);
        Objects.requireNonNull(key, "key must not be null.");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the server certificate.");
        }
    }

    /** The server certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The generated CA, if Parley made the certificate. */
    public Optional<X509Certificate> ca() {
        return Optional.ofNullable(localCa);
    }

    /** An in-memory PKCS#12 key store holding the key and chain under {@link #ALIAS}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] certs = chain.toArray(new Certificate[0]);
            if (localCa != null && !chain.contains(localCa)) {
                certs = java.util.stream.Stream.concat(chain.stream(), java.util.stream.Stream.of(localCa))
                        .toArray(Certificate[]::new);
            }
            store.setKeyEntry(ALIAS, key, password, certs);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store: " + e.getMessage(), e);
        }
    }

    /** Writes {@link #keyStore(char[])} to {@code file} as PKCS#12, readable by the owner only. */
    public void writeKeyStore(Path file, char[] password) throws IOException {
        Files.deleteIfExists(file);
        OwnerOnly.createFile(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore(password).store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the key store: " + e.getMessage(), e);
        }
    }
}
