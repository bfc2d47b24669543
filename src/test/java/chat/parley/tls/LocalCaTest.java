package chat.parley.tls;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local CA of {@code tls: auto}: made once, reused, constrained to private names, re-issuing when needed. */
class LocalCaTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1", "myhost", "myhost.local",
            "192.168.1.20", "10.0.0.7");

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void the_server_certificate_is_valid_for_every_private_name_of_the_machine() throws Exception {
        var ca = LocalCa.loadOrCreate(dir, "myhost", NAMES, clock);
        assertThat(ca.created()).isTrue();
        X509Certificate server = ca.server().certificate();
        assertThat(LocalCa.names(server)).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.caCertificate().getBasicConstraints()).isEqualTo(0);
        assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()))
                .isLessThanOrEqualTo(Duration.ofDays(398));
        validate(server, ca.caCertificate()); // does not throw
        checkNames(server, ca.caCertificate());
    }

    @Test
    void public_names_are_left_out_and_the_ca_cannot_vouch_for_them() throws Exception {
        var ca = LocalCa.loadOrCreate(dir, "myhost", List.of("localhost", "8.8.8.8", "example.com"), clock);
        assertThat(LocalCa.names(ca.server().certificate())).containsExactly("localhost");

        // even a certificate the CA's own key signs for a public name fails validation: the name constraints hold
        var pair = LocalCa.newKeyPair();
        X509Certificate forged = LocalCa.serverCertificate(pair, ca.caCertificate(),
                Pem.readPrivateKey(dir.resolve("ca.key")), List.of("example.com"), Instant.now());
        assertThatThrownBy(() -> checkNames(forged, ca.caCertificate()))
                .isInstanceOf(NameConstraintValidatorException.class);
        X509Certificate forgedIp = LocalCa.serverCertificate(pair, ca.caCertificate(),
                Pem.readPrivateKey(dir.resolve("ca.key")), List.of("8.8.8.8"), Instant.now());
        assertThatThrownBy(() -> checkNames(forgedIp, ca.caCertificate()))
                .isInstanceOf(NameConstraintValidatorException.class);
        checkNames(ca.server().certificate(), ca.caCertificate()); // the real one passes
    }

    @Test
    void a_second_start_reuses_the_ca_and_the_server_certificate() throws Exception {
        var first = LocalCa.loadOrCreate(dir, "myhost", NAMES, clock);
        var second = LocalCa.loadOrCreate(dir, "myhost", NAMES, clock);
        assertThat(second.created()).isFalse();
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.server().certificate()).isEqualTo(first.server().certificate());
    }

    @Test
    void a_new_lan_address_or_the_end_of_the_certificate_re_issues_it_from_the_same_ca() throws Exception {
        var first = LocalCa.loadOrCreate(dir, "myhost", NAMES, clock);
        var moved = LocalCa.loadOrCreate(dir, "myhost", List.of("localhost", "192.168.7.7"), clock);
        assertThat(moved.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(moved.server().certificate()).isNotEqualTo(first.server().certificate());
        assertThat(LocalCa.names(moved.server().certificate())).contains("192.168.7.7");

        var later = Clock.offset(clock, Duration.ofDays(380));
        var renewed = LocalCa.loadOrCreate(dir, "myhost", List.of("localhost", "192.168.7.7"), later);
        assertThat(renewed.server().certificate()).isNotEqualTo(moved.server().certificate());
        assertThat(renewed.server().certificate().getNotAfter().toInstant())
                .isAfter(later.instant().plus(Duration.ofDays(300)));
    }

    @Test
    void keys_are_readable_by_their_owner_only() throws Exception {
        LocalCa.loadOrCreate(dir, "myhost", NAMES, clock);
        for (String key : List.of("ca.key", "server.key")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(key))).as(key)
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    /**
     * Checks the server certificate's names against the CA's name constraints extension, as browsers do for a root
     * (Java's own PKIX validator ignores a trust anchor's name constraints).
     */
    private static void checkNames(X509Certificate server, X509Certificate ca) throws Exception {
        var constraints = NameConstraints.getInstance(ASN1OctetString.getInstance(
                ca.getExtensionValue(Extension.nameConstraints.getId())).getOctets());
        var validator = new PKIXNameConstraintValidator();
        validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
        var sans = GeneralNames.getInstance(ASN1OctetString.getInstance(
                server.getExtensionValue(Extension.subjectAlternativeName.getId())).getOctets());
        for (GeneralName name : sans.getNames()) {
            validator.checkPermitted(name);
        }
    }

    private static void validate(X509Certificate server, X509Certificate ca) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(server));
        var params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }
}
