package chat.parley.tls;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a user's PEM files: the key formats people have, and a clear line for each mistake. */
class PemTest {

    @TempDir
    Path dir;

    @Test
    void reads_pkcs8_pkcs1_and_sec1_keys_that_match_their_certificates() throws Exception {
        var rsa = TestCerts.rsa();
        var ec = TestCerts.ec();
        Path pkcs8 = write("pkcs8.pem", Pem.toPem(rsa.getPrivate()));
        Path pkcs1 = write("pkcs1.pem", TestCerts.traditionalPem(rsa));
        Path sec1 = write("sec1.pem", TestCerts.traditionalPem(ec));
        assertThat(Files.readString(pkcs8)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        var rsaCert = TestCerts.selfSigned(rsa);
        Pem.requireMatch(rsaCert, Pem.readPrivateKey(pkcs8), "pkcs8");
        Pem.requireMatch(rsaCert, Pem.readPrivateKey(pkcs1), "pkcs1");
        Pem.requireMatch(TestCerts.selfSigned(ec), Pem.readPrivateKey(sec1), "sec1");
    }

    @Test
    void reads_a_chain_in_file_order() throws Exception {
        var leaf = TestCerts.selfSigned(TestCerts.ec());
        var other = TestCerts.selfSigned(TestCerts.ec());
        Path chain = write("chain.pem", Pem.toPem(leaf) + Pem.toPem(other));
        assertThat(Pem.readCertificates(chain)).containsExactly(leaf, other);
    }

    @Test
    void a_key_of_another_certificate_is_refused() throws Exception {
        var cert = TestCerts.selfSigned(TestCerts.rsa());
        var otherKey = TestCerts.rsa().getPrivate();
        assertThatThrownBy(() -> Pem.requireMatch(cert, otherKey, "key.pem"))
                .isInstanceOf(TlsException.class).hasMessageContaining("key.pem: the private key does not belong");
        var ecKey = TestCerts.ec().getPrivate();
        assertThatThrownBy(() -> Pem.requireMatch(cert, ecKey, "key.pem")).isInstanceOf(TlsException.class);
    }

    @Test
    void an_encrypted_key_is_refused_with_a_hint() throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                .setPassword("secret".toCharArray()).build();
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(TestCerts.rsa().getPrivate(), encryptor).generate());
        }
        Path key = write("encrypted.pem", out.toString());
        assertThatThrownBy(() -> Pem.readPrivateKey(key)).isInstanceOf(TlsException.class)
                .hasMessageContaining("encrypted").hasMessageContaining("openssl pkey");
    }

    @Test
    void missing_empty_and_wrong_files_are_named() throws Exception {
        assertThatThrownBy(() -> Pem.readCertificates(dir.resolve("nope.pem"))).isInstanceOf(TlsException.class)
                .hasMessageContaining("nope.pem does not exist");
        Path garbage = write("garbage.pem", "hello");
        assertThatThrownBy(() -> Pem.readCertificates(garbage)).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.readPrivateKey(garbage)).hasMessageContaining("no PEM private key");
        Path certOnly = write("cert.pem", Pem.toPem(TestCerts.selfSigned(TestCerts.ec())));
        assertThatThrownBy(() -> Pem.readPrivateKey(certOnly)).hasMessageContaining("no PEM private key");
        Path der = dir.resolve("cert.der");
        Files.write(der, TestCerts.selfSigned(TestCerts.ec()).getEncoded());
        assertThatThrownBy(() -> Pem.readCertificates(der)).isInstanceOf(TlsException.class);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
