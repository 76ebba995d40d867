package dev.weft.cli;

/**
 * A mistake the user can fix, said in one line: what went wrong and what to do instead. The
 * command line prints it without a stack trace and exits with its status (2 for a usage error,
 * 1 for a failure at run time).
 */
final class CliException extends RuntimeException {
    private final int exitStatus;

    CliException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    private CliException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    /** A usage error: the command line itself is wrong (exit status 2). */
    static CliException usage(String message) {
        return new CliException(2, message);
    }

    /** A failure at run time (exit status 1). */
    static CliException failure(String message) {
        return new CliException(1, message);
    }

    /** A failure at run time (exit status 1) that {@code cause} explains in detail (shown with --debug). */
    static CliException failure(String message, Throwable cause) {
        return new CliException(1, message, cause);
    }

    int exitStatus() {
        return exitStatus;
    }
}
