package dev.weft.benchmarks.compare;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/bench serve NAME}: starts one echo server of the comparison alone, for anyone's
 * load tool, with the JVM flags the comparison gives it, and runs it until killed. It listens on
 * 127.0.0.1, echoes every message on every path (the servers inside servlet containers on
 * {@code /echo}), and accepts permessage-deflate with {@code --deflate}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run one echo server of the comparison until killed: weft, netty, weft-tomcat, tomcat, ...")
final class ServeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The server: weft, netty, vertx, jetty, java-websocket, ws, trivial, trivial-c, "
            + "weft-tomcat, tomcat, weft-jetty, jetty-jakarta.")
    String name;

    @Option(names = "--port", description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--deflate", description = "Accept permessage-deflate when a client offers it.")
    boolean deflate;

    @Option(names = "--ws-dir", description = "The directory with ws_server.js and its node_modules (default: ${DEFAULT-VALUE}).")
    String wsDir = "weft-benchmarks/peers";

    @Override
    public Integer call() throws Exception {
        PeerServer server = PeerServer.all().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server named " + name + "; try --help"));
        String jar = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = server.command(-1, jar, PeerServer.containersBeside(jar), Compare.JVM_ARGS, wsDir, port, deflate);
        Process process = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }));
        return process.waitFor();
    }
}
