package dev.weft.cli;

import dev.weft.WebSocketConnectException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what went wrong into one line on stderr and an exit status: 2 for a command line that
 * is wrong, 1 for a failure at run time. {@code --debug} (before the command) adds the stack trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private final boolean debug;

    ErrorReporter(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println(command + ": " + e.getMessage() + " (see " + command + " --help)");
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return 2;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + explain(cause)
                + (debug || cause instanceof CliException ? "" : " (--debug shows the stack trace)"));
        if (debug) {
            (cause instanceof CliException && cause.getCause() != null ? cause.getCause() : cause).printStackTrace(err);
        }
        err.flush();
        return cause instanceof CliException c ? c.exitStatus() : 1;
    }

    /** One line for what went wrong, naming the fix where there is a usual one. */
    static String explain(Throwable t) {
        if (t instanceof CliException) {
            return t.getMessage();
        }
        if (t instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (t instanceof AccessDeniedException f) {
            return "cannot read " + f.getFile() + ": permission denied";
        }
        if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
            return "cannot resolve the host name" + (t.getMessage() == null ? "" : " " + t.getMessage());
        }
        if (t instanceof BindException) {
            return "cannot listen: " + t.getMessage();
        }
        if (t instanceof WebSocketConnectException c) {
            return connectFailure(c);
        }
        String message = t.getMessage();
        return (message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(""));
    }

    /** A failed connect, with the hint its reason calls for. */
    static String connectFailure(WebSocketConnectException c) {
        String hint = switch (c.reason()) {
            case TLS -> " (if the server's certificate is your own, trust it with --ca FILE; --insecure skips the check, for tests only)";
            case REFUSED -> " (is a server listening there?)";
            case DNS -> " (check the host name)";
            default -> "";
        };
        return plain(c.getMessage()) + " [" + c.reason() + "]" + hint
                + (c.bodyText().isBlank() ? "" : ": " + c.bodyText().strip().lines().findFirst().orElse(""));
    }

    /**
     * A message as a person would say it: the JDK's TLS messages name the certificate-path
     * exceptions they wrap, which mean nothing to someone who only asked to connect.
     */
    static String plain(String message) {
        if (message == null) {
            return "";
        }
        if (message.contains("PKIX path building failed")) {
            return "TLS handshake failed: the server's certificate is not signed by an authority this client trusts";
        }
        return message.replaceAll("\\b[\\w.$]+(Exception|Error): ", "");
    }
}
