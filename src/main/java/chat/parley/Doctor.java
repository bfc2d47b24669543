package chat.parley;

import chat.parley.config.ParleyConfig;
import chat.parley.config.Setting;
import chat.parley.config.Settings;
import chat.parley.db.IntegrityCheck;
import chat.parley.lan.LanAddresses;
import chat.parley.tls.Pem;
import chat.parley.tls.ServerTls;
import chat.parley.tls.TlsException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The checks of {@code parley doctor}: what this machine and configuration need to run a server. Changes nothing. */
final class Doctor {

    /** The oldest Java Parley runs on. */
    static final int MIN_JAVA = 17;
    /** The doctor's database check reads every page of all but huge databases (the server's start checks 2 s). */
    static final Duration DATABASE_CHECK_BUDGET = Duration.ofMinutes(5);

    /** One finding: {@code ok}, {@code info} (nothing to fix) or {@code fail}, with the steps to fix it if many. */
    record Check(Status status, String what, String detail, List<String> steps) {

        enum Status { OK, INFO, FAIL }

        Check {
            steps = List.copyOf(steps);
        }

        Check(Status status, String what, String detail) {
            this(status, what, detail, List.of());
        }

        /** One line: status, what, detail. */
        String line() {
            String word = switch (status) {
                case OK -> "ok";
                case INFO -> "--";
                case FAIL -> "FAIL";
            };
            return String.format(Locale.ROOT, "%-5s %-10s %s", word, what, detail);
        }
    }

    private Doctor() {
    }

    static List<Check> run(ParleyConfig config) {
        var checks = new ArrayList<Check>();
        checks.add(java(Runtime.version().feature(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("java.home")));
        checks.add(dataDir(config.dataDir()));
        checks.add(database(config.dataDir().resolve("parley.db"), DATABASE_CHECK_BUDGET));
        checks.add(bind(config.bind()));
        checks.add(port(config.bind(), config.httpPort(), "http port", Settings.HTTP_PORT));
        if (config.webNode().enabled()) { // a web node listens for MQTT nowhere: it needs the broker reachable
            checks.add(broker(config.webNode()));
        } else {
            checks.add(port(config.bind(), config.mqttPort(), "mqtt port", Settings.MQTT_PORT));
            checks.add(port(config.bind(), config.wsPort(), "ws port", Settings.WS_PORT));
        }
        checks.addAll(tls(config));
        checks.add(lan(config));
        return checks;
    }

    /** A web node's broker: its MQTT port answers a TCP connection within 3 s. */
    static Check broker(chat.parley.config.WebNodeSettings node) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(node.host(), node.port()), 3000);
            return new Check(Check.Status.OK, "broker", node.brokerUrl() + " answers (web node; browsers open "
                    + node.brokerWsUrl() + ")");
        } catch (IOException e) {
            return new Check(Check.Status.FAIL, "broker", node.brokerUrl() + " does not answer (" + e.getMessage()
                    + "); start the broker or fix " + Settings.BROKER_URL.flag());
        }
    }

    static Check java(int feature, String version, String vendor, String home) {
        String detail = version + " (" + vendor + ") at " + home;
        return feature >= MIN_JAVA ? new Check(Check.Status.OK, "java", detail)
                : new Check(Check.Status.FAIL, "java", detail + ": Parley needs Java " + MIN_JAVA + " or newer");
    }

    static Check dataDir(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            try {
                Files.delete(Files.createTempFile(absolute, ".doctor", ".tmp"));
            } catch (IOException | SecurityException e) {
                return new Check(Check.Status.FAIL, "data dir", absolute + " is not writable (" + e.getMessage()
                        + "); fix its permissions or choose another with " + Settings.DATA_DIR.flag());
            }
            boolean hasDb = Files.exists(absolute.resolve("parley.db"));
            return new Check(Check.Status.OK, "data dir", absolute + " is writable"
                    + (hasDb ? " (has a parley.db)" : " (empty: a new server)"));
        }
        if (Files.exists(absolute)) {
            return new Check(Check.Status.FAIL, "data dir", absolute + " exists but is not a directory; choose another "
                    + "with " + Settings.DATA_DIR.flag());
        }
        Path parent = absolute.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent != null && Files.isDirectory(parent) && Files.isWritable(parent)) {
            return new Check(Check.Status.OK, "data dir", absolute + " does not exist yet; it will be created");
        }
        return new Check(Check.Status.FAIL, "data dir", absolute + " cannot be created (" + parent
                + " is not writable); choose another with " + Settings.DATA_DIR.flag());
    }

    /** {@code PRAGMA quick_check} on an existing database, read-only; how to recover it when it is damaged. */
    static Check database(Path file, Duration budget) {
        Path db = file.toAbsolutePath().normalize();
        if (!Files.exists(db)) {
            return new Check(Check.Status.OK, "database", db + " does not exist yet; it is made at first start");
        }
        try {
            IntegrityCheck.Result result = IntegrityCheck.ofFile(db, budget);
            if (result instanceof IntegrityCheck.Damaged damaged) {
                return new Check(Check.Status.FAIL, "database", db + " is damaged (" + damaged.summary()
                        + "); Parley will not start on it. To recover it:", recoverySteps(db));
            }
            if (result instanceof IntegrityCheck.Unfinished) {
                return new Check(Check.Status.INFO, "database", db + ": quick_check found nothing in "
                        + budget.toMinutes() + " min but did not finish (a very large database)");
            }
            return new Check(Check.Status.OK, "database", db + " passed quick_check");
        } catch (SQLException e) {
            return new Check(Check.Status.FAIL, "database", db + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** What docs/deploy.md says under "Recovering a damaged database", with this file's paths. */
    static List<String> recoverySteps(Path db) {
        Path dir = db.getParent();
        Path recovered = dir.resolve("parley-recovered.db");
        return List.of(
                "1. Stop Parley, then keep a copy of everything: cp -a " + dir + " " + dir + ".damaged",
                "2. Copy out what is readable (sqlite3 command-line tool 3.29 or newer):",
                "   sqlite3 " + db + " .recover | sqlite3 " + recovered,
                "3. Rebuild the search index of the copy:",
                "   sqlite3 " + recovered + " \"INSERT INTO message_fts(message_fts) VALUES('rebuild'); "
                        + "UPDATE search_state SET indexed_upto = (SELECT COALESCE(MAX(id), 0) FROM messages)\"",
                "4. Put it in place: rm -f " + db + "-wal " + db + "-shm && mv " + recovered + " " + db,
                "   (or instead restore parley.db from your latest backup)",
                "5. Run parley doctor again, then start Parley.");
    }

    static Check bind(String bind) {
        if (LanAddresses.isWildcard(bind)) {
            return new Check(Check.Status.OK, "bind", bind + " (all interfaces)");
        }
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return new Check(Check.Status.OK, "bind", bind + (address.isLoopbackAddress()
                        ? " (this machine only)" : " (one interface)"));
            }
            return new Check(Check.Status.FAIL, "bind", bind + " is not an address of this machine; choose another "
                    + "with " + Settings.BIND.flag());
        } catch (IOException e) {
            return new Check(Check.Status.FAIL, "bind", bind + " cannot be resolved (" + e.getMessage() + ")");
        }
    }

    static Check port(String bind, int port, String what, Setting setting) {
        if (port == 0) {
            return new Check(Check.Status.OK, what, "0: a free port is picked at start");
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port));
            return new Check(Check.Status.OK, what, port + " is free on " + bind);
        } catch (IOException e) {
            return new Check(Check.Status.FAIL, what, port + " is in use on " + bind + " (is Parley already "
                    + "running?); choose another with " + setting.flag());
        }
    }

    /** The TLS mode, its certificate files and its ports. */
    static List<Check> tls(ParleyConfig config) {
        var tls = config.tls();
        var checks = new ArrayList<Check>();
        switch (tls.mode()) {
            case OFF -> checks.add(new Check(Check.Status.INFO, "tls", "TLS: not configured (tls: off; plain MQTT, "
                    + "WebSocket and HTTP only; " + Settings.TLS.flag() + " auto makes a local CA)"));
            case PEM -> {
                try {
                    var chain = Pem.readCertificates(tls.cert());
                    Pem.requireMatch(chain.get(0), Pem.readPrivateKey(tls.key()), tls.key().toString());
                    var end = chain.get(0).getNotAfter().toInstant();
                    boolean expired = end.isBefore(java.time.Instant.now());
                    checks.add(new Check(expired ? Check.Status.FAIL : Check.Status.OK, "tls", "pem: "
                            + tls.cert() + " (" + chain.get(0).getSubjectX500Principal().getName() + ") "
                            + (expired ? "expired on " : "valid until ") + end));
                } catch (TlsException e) {
                    checks.add(new Check(Check.Status.FAIL, "tls", e.getMessage()));
                }
            }
            case AUTO -> {
                Path ca = ServerTls.dir(config).resolve("ca.crt");
                checks.add(new Check(Check.Status.OK, "tls", "auto: " + (Files.exists(ca)
                        ? "local CA " + ca.toAbsolutePath() + " is reused"
                        : "a local CA is made at first start in " + ServerTls.dir(config).toAbsolutePath())
                        + "; phones trust it from /api/tls/ca.crt"));
            }
        }
        if (tls.enabled()) {
            checks.add(port(config.bind(), tls.httpsPort(), "https port", Settings.HTTPS_PORT));
            checks.add(port(config.bind(), tls.mqttsPort(), "mqtts port", Settings.MQTTS_PORT));
            checks.add(port(config.bind(), tls.wssPort(), "wss port", Settings.WSS_PORT));
        }
        return checks;
    }

    static Check lan(ParleyConfig config) {
        var best = LanAddresses.best(config.bind());
        String discovery = config.discovery() ? "discovery on (mDNS)" : "discovery off";
        if (best.isEmpty()) {
            return new Check(Check.Status.INFO, "lan", "no LAN address: only this machine can connect; " + discovery);
        }
        String port = config.httpPort() == 0 ? "PORT" : String.valueOf(config.httpPort());
        return new Check(Check.Status.OK, "lan", "phones join at http://" + best.get() + ":" + port + "/; "
                + discovery);
    }
}
