package chat.parley.tls;

import chat.parley.OwnerOnly;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A certificate authority of one Parley server ({@code tls: auto}), kept in {@code {data-dir}/tls}: made at first
 * start, reused after. Its name constraints let it vouch only for private names (localhost, {@code .local},
 * {@code .lan}, {@code .home.arpa}, {@code .internal}, this machine's host name) and private IP ranges, so a phone
 * that trusts it trusts nothing on the internet. It issues the server certificate for this machine's names and LAN
 * addresses, re-issued when they change or the certificate nears its end.
 */
public final class LocalCa {

    /** Server certificates live 397 days: within what browsers accept for any TLS server certificate. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    /** A server certificate this close to its end is re-issued at start. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final Duration CA_VALIDITY = Duration.ofDays(3650);

    static final List<String> PERMITTED_DNS = List.of("localhost", "local", "lan", "home.arpa", "internal");
    /** Loopback, private, link-local and shared (CGNAT) ranges: address then mask. */
    static final List<String[]> PERMITTED_IPS = List.of(
            new String[]{"127.0.0.0", "255.0.0.0"}, new String[]{"10.0.0.0", "255.0.0.0"},
            new String[]{"172.16.0.0", "255.240.0.0"}, new String[]{"192.168.0.0", "255.255.0.0"},
            new String[]{"169.254.0.0", "255.255.0.0"}, new String[]{"100.64.0.0", "255.192.0.0"},
            new String[]{"::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
            new String[]{"fc00::", "fe00::"}, new String[]{"fe80::", "ffc0::"});

    private static final String CA_CERT = "ca.crt";
    private static final String CA_KEY = "ca.key";
    private static final String SERVER_CERT = "server.crt";
    private static final String SERVER_KEY = "server.key";

    private final X509Certificate caCertificate;
    private final TlsIdentity server;
    private final boolean created;

    private LocalCa(X509Certificate caCertificate, TlsIdentity server, boolean created) {
        this.caCertificate = caCertificate;
        this.server = server;
        this.created = created;
    }

    /**
     * Loads the CA from {@code dir}, or makes one there (owner-only files), and returns it with a server certificate
     * valid for {@code names} (host names and IP addresses). Names the CA may not vouch for are left out.
     *
     * @param hostName this machine's host name, also allowed by the CA if made now; may be {@code null}
     * @throws TlsException when the files exist but cannot be read
     */
    public static LocalCa loadOrCreate(Path dir, String hostName, Collection<String> names, Clock clock)
            throws IOException {
        OwnerOnly.createDirectories(dir);
        Path caCert = dir.resolve(CA_CERT);
        Path caKey = dir.resolve(CA_KEY);
        boolean created = false;
        X509Certificate ca;
        PrivateKey key;
        if (Files.exists(caCert) && Files.exists(caKey)) {
            ca = Pem.readCertificates(caCert).get(0);
            key = Pem.readPrivateKey(caKey);
        } else {
            KeyPair pair = newKeyPair();
            ca = caCertificate(pair, hostName, clock.instant());
            key = pair.getPrivate();
            OwnerOnly.writeString(caKey, Pem.toPem(key));
            Files.deleteIfExists(caCert);
            Files.writeString(caCert, Pem.toPem(ca));
            created = true;
        }
        List<String> wanted = permitted(ca, names);
        TlsIdentity server = currentServer(dir, ca, wanted, clock.instant());
        if (server == null) {
            KeyPair pair = newKeyPair();
            X509Certificate cert = serverCertificate(pair, ca, key, wanted, clock.instant());
            OwnerOnly.writeString(dir.resolve(SERVER_KEY), Pem.toPem(pair.getPrivate()));
            Files.deleteIfExists(dir.resolve(SERVER_CERT));
            Files.writeString(dir.resolve(SERVER_CERT), Pem.toPem(cert) + Pem.toPem(ca));
            server = new TlsIdentity(List.of(cert, ca), pair.getPrivate(), ca);
        }
        return new LocalCa(ca, server, created);
    }

    /** The CA certificate clients should trust. */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The server certificate chain and key the TLS listeners present. */
    public TlsIdentity server() {
        return server;
    }

    /** Whether the CA was made by this call (first start). */
    public boolean created() {
        return created;
    }

    /** The subject alternative names (DNS names and IP addresses) of a certificate, as text. */
    public static Set<String> names(X509Certificate cert) {
        var names = new LinkedHashSet<String>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(entry -> names.add(normalize(entry.get(1).toString())));
            }
        } catch (CertificateParsingException e) {
            // no readable names: none
        }
        return names;
    }

    private static TlsIdentity currentServer(Path dir, X509Certificate ca, List<String> wanted, Instant now) {
        Path certFile = dir.resolve(SERVER_CERT);
        Path keyFile = dir.resolve(SERVER_KEY);
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return null;
        }
        try {
            X509Certificate cert = Pem.readCertificates(certFile).get(0);
            PrivateKey key = Pem.readPrivateKey(keyFile);
            cert.verify(ca.getPublicKey());
            boolean fresh = cert.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
            if (!fresh || !names(cert).containsAll(wanted)) {
                return null;
            }
            Pem.requireMatch(cert, key, keyFile.toString());
            return new TlsIdentity(List.of(cert, ca), key, ca);
        } catch (TlsException | GeneralSecurityException e) {
            return null; // unreadable or not from this CA: issue a new one
        }
    }

    /** The names the CA's name constraints allow, normalized, duplicates dropped. */
    static List<String> permitted(X509Certificate ca, Collection<String> names) {
        var validator = new PKIXNameConstraintValidator();
        byte[] ext = ca.getExtensionValue(Extension.nameConstraints.getId());
        if (ext != null) {
            var constraints = NameConstraints.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets());
            if (constraints.getPermittedSubtrees() != null) {
                validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
            }
        }
        var kept = new LinkedHashSet<String>();
        for (String name : names) {
            String n = normalize(name);
            GeneralName general = generalName(n);
            if (general == null) {
                continue;
            }
            try {
                validator.checkPermitted(general);
                kept.add(n);
            } catch (NameConstraintValidatorException e) {
                // outside the CA's constraints (a public address, a renamed host): not in the certificate
            }
        }
        return new ArrayList<>(kept);
    }

    private static X509Certificate caCertificate(KeyPair pair, String hostName, Instant now) throws IOException {
        var subject = new X500Name("CN=Parley local CA " + shortId() + ",O=Parley");
        var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic());
        try {
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.nameConstraints, true, new NameConstraints(permittedSubtrees(hostName),
                    null));
            return sign(builder, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the local CA: " + e.getMessage(), e);
        }
    }

    private static GeneralSubtree[] permittedSubtrees(String hostName) {
        var trees = new ArrayList<GeneralSubtree>();
        var dns = new LinkedHashSet<>(PERMITTED_DNS);
        if (hostName != null && isDnsName(normalize(hostName))) {
            dns.add(normalize(hostName));
        }
        dns.forEach(d -> trees.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, d))));
        for (String[] range : PERMITTED_IPS) {
            try {
                byte[] address = java.net.InetAddress.getByName(range[0]).getAddress();
                byte[] mask = java.net.InetAddress.getByName(range[1]).getAddress();
                byte[] both = new byte[address.length * 2];
                System.arraycopy(address, 0, both, 0, address.length);
                System.arraycopy(mask, 0, both, address.length, mask.length);
                trees.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress,
                        new org.bouncycastle.asn1.DEROctetString(both))));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // literals: cannot happen
            }
        }
        return trees.toArray(new GeneralSubtree[0]);
    }

    static X509Certificate serverCertificate(KeyPair pair, X509Certificate ca, PrivateKey caKey,
                                                     List<String> names, Instant now) throws IOException {
        var builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(SERVER_VALIDITY)), new X500Name("CN=Parley server,O=Parley"), pair.getPublic());
        try {
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            GeneralName[] sans = names.stream().map(LocalCa::generalName).toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            return sign(builder, caKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot issue the server certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String name) {
        if (isIpLiteral(name)) {
            return new GeneralName(GeneralName.iPAddress, name);
        }
        return isDnsName(name) ? new GeneralName(GeneralName.dNSName, name) : null;
    }

    static boolean isIpLiteral(String name) {
        return name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (name.contains(":") && name.matches("[0-9a-f:.]+"));
    }

    private static boolean isDnsName(String name) {
        return name.length() <= 253 && name.matches("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*")
                && !isIpLiteral(name);
    }

    /** Lower case, IPv6 in its compressed text form, no brackets. */
    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.contains(":") && n.matches("[0-9a-f:.%a-z0-9]+")) {
            try {
                n = java.net.InetAddress.getByName(n.split("%")[0]).getHostAddress();
                if (n.equals("0:0:0:0:0:0:0:1")) {
                    n = "::1";
                }
            } catch (java.net.UnknownHostException e) {
                return n;
            }
        }
        return n;
    }

    static KeyPair newKeyPair() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String shortId() {
        return Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL);
    }
}
