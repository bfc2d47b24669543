package chat.parley.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes PEM files: certificate chains, and private keys as PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). Encrypted keys are refused with a hint. Every problem
 * is a {@link TlsException} naming the file.
 */
public final class Pem {

    private Pem() {
    }

    /** The certificates in {@code file}, in file order (the server certificate should come first). */
    public static List<X509Certificate> readCertificates(Path file) {
        return readCertificates(read(file, "certificate"), file.toString());
    }

    static List<X509Certificate> readCertificates(String text, String source) {
        var certs = new ArrayList<X509Certificate>();
        var converter = new JcaX509CertificateConverter();
        try (var parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certs.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new TlsException(source + ": not a readable PEM certificate (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new TlsException(source + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        return certs;
    }

    /** The private key in {@code file}. */
    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(read(file, "key"), file.toString());
    }

    static PrivateKey readPrivateKey(String text, String source) {
        var converter = new JcaPEMKeyConverter();
        try (Reader reader = new StringReader(text); var parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    // SEC1 keys may leave the public key out; the private part is all we need
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new TlsException(source + ": the private key is encrypted; write an unencrypted copy "
                            + "(openssl pkey -in KEY -out plain-key.pem) and keep it readable by this user only");
                }
                if (!(o instanceof ASN1ObjectIdentifier) && !(o instanceof X509CertificateHolder)) {
                    throw new TlsException(source + ": unsupported PEM block (" + o.getClass().getSimpleName()
                            + "); expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
                }
            }
        } catch (IOException e) {
            throw new TlsException(source + ": not a readable PEM private key (" + e.getMessage() + ")", e);
        }
        throw new TlsException(source + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it");
    }

    /**
     * Checks that {@code key} belongs to {@code certificate} by signing with one and verifying with the other.
     *
     * @throws TlsException when they do not match
     */
    public static void requireMatch(X509Certificate certificate, PrivateKey key, String what) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            throw new TlsException(what + ": unsupported key algorithm " + key.getAlgorithm() + " (use RSA or EC)");
        }
        try {
            byte[] probe = "parley key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: a mismatch
        }
        throw new TlsException(what + ": the private key does not belong to the certificate "
                + certificate.getSubjectX500Principal().getName());
    }

    /** A certificate as PEM text. */
    public static String toPem(X509Certificate certificate) {
        return write(certificate);
    }

    /** A private key as unencrypted PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String toPem(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new TlsException("cannot encode a private key: " + e.getMessage(), e);
        }
    }

    private static String write(Object o) {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        } catch (IOException e) {
            throw new TlsException("cannot write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsException("TLS " + what + " file " + file.toAbsolutePath() + " does not exist", e);
        } catch (IOException e) {
            throw new TlsException("cannot read TLS " + what + " file " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }
}
