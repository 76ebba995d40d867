package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command: a WebSocket server, client and test driver built on the weft library. */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0-SNAPSHOT",
        description = "A strict, fast WebSocket server and client.",
        subcommands = {ServeCommand.class, ConnectCommand.class, CertCommand.class, AutobahnClientCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, show the Java stack trace too.")
    boolean debug;

    /** Runs the command line and exits with its status: 0, 1 for a failure, 2 for a usage error. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * The library's logger, held so its level stays set: the commands print their own lines
     * (listening, each connection), so the library's INFO lines (listening, stopped) would say
     * everything twice. Its warnings still show; {@code --debug} shows the INFO lines too.
     */
    private static final java.util.logging.Logger LIBRARY_LOG = java.util.logging.Logger.getLogger("dev.weft");

    static int run(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        LIBRARY_LOG.setLevel(debug ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        ErrorReporter errors = new ErrorReporter(debug);
        return new CommandLine(new Main()).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
