package chat.parley.cli;

/** A failure the terminal client reports as one plain line on stderr, with its exit code (1 runtime, 2 usage). */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(message, 2);
    }

    int exitCode() {
        return exitCode;
    }
}
