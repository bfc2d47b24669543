package chat.parley.tls;

import chat.parley.config.ParleyConfig;
import chat.parley.config.TlsMode;
import chat.parley.lan.LanAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** The certificate the TLS listeners present, from the configuration: the user's PEM files or the local CA. */
public final class ServerTls {

    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private ServerTls() {
    }

    /** Where {@code tls: auto} keeps its CA and server certificate. */
    public static Path dir(ParleyConfig config) {
        return config.dataDir().resolve("tls");
    }

    /**
     * The server's TLS identity, or empty with {@code tls: off}.
     *
     * @throws TlsException with a one-line explanation when the files are missing, unreadable or do not match
     */
    public static Optional<TlsIdentity> open(ParleyConfig config, Clock clock) {
        var tls = config.tls();
        if (tls.mode() == TlsMode.OFF) {
            return Optional.empty();
        }
        if (tls.mode() == TlsMode.PEM) {
            List<X509Certificate> chain = Pem.readCertificates(tls.cert());
            var key = Pem.readPrivateKey(tls.key());
            Pem.requireMatch(chain.get(0), key, tls.key().toString());
            if (chain.get(0).getNotAfter().before(Date.from(clock.instant()))) {
                log.warn("the TLS certificate in {} expired on {}: clients will refuse it", tls.cert(),
                        chain.get(0).getNotAfter());
            }
            return Optional.of(new TlsIdentity(chain, key, null));
        }
        try {
            String host = hostName();
            LocalCa ca = LocalCa.loadOrCreate(dir(config), host, machineNames(host), clock);
            return Optional.of(ca.server());
        } catch (IOException e) {
            throw new TlsException("cannot read or create the local CA in " + dir(config).toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** This machine's names and addresses a client may use: localhost, loopback, the host name, the LAN IPs. */
    static List<String> machineNames(String host) {
        var names = new LinkedHashSet<String>(List.of("localhost", "127.0.0.1", "::1"));
        if (host != null) {
            names.add(host);
            if (!host.contains(".")) {
                names.add(host + ".local");
            }
        }
        names.addAll(LanAddresses.forBind("0.0.0.0"));
        return new ArrayList<>(names);
    }

    private static String hostName() {
        return LanAddresses.hostName().map(name -> name.toLowerCase(java.util.Locale.ROOT)).orElse(null);
    }
}
