package chat.parley;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of serving that are not settings: where the config file is, and how to report the bound ports. */
final class ServeOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: $PARLEY_CONFIG, else config/parley.yml if present).")
    Path configFile;

    @Option(names = "--print-ports",
            description = "Print one JSON line with the bound ports instead of the banner; stop when stdin closes.")
    boolean printPorts;

    @Option(names = "--ephemeral",
            description = "For tests: a temp data dir deleted on exit, free ports on 127.0.0.1, no LAN discovery.")
    boolean ephemeral;
}
