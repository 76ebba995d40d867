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

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
