package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A server in the comparison: how to start it and which scenarios it takes part in.
 *
 * @param name          its name in the report
 * @param mainClass     the Java class to run, or null for Node's ws
 * @param broadcastPath where it broadcasts
 * @param scenarios     the scenarios it runs, or empty for all of them
 * @param compresses    whether it supports permessage-deflate
 */
public record PeerServer(String name, String mainClass, String broadcastPath, Set<String> scenarios, boolean compresses) {
    private static final String PEERS = "dev.weft.benchmarks.peers.";

    /** Every server the comparison knows, weft first. */
    public static List<PeerServer> all() {
        return List.of(
                new PeerServer("weft", PEERS + "WeftEchoServer", "/broadcast", Set.of(), true),
                // The same server broadcasting with a loop of sends, to show what encoding once is worth.
                new PeerServer("weft-loop", PEERS + "WeftEchoServer", "/broadcast-loop", Set.of("broadcast"), false),
                new PeerServer("netty", PEERS + "NettyEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("vertx", PEERS + "VertxEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("jetty", PEERS + "JettyEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("java-websocket", PEERS + "JavaWebSocketEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("ws", null, "/broadcast", Set.of(), true),
                // A yardstick for the load generator, not a contender; it holds no state worth measuring.
                new PeerServer("trivial", PEERS + "TrivialEchoServer", "/broadcast",
                        Set.of("small", "large", "latency", "handshakes", "broadcast"), false));
    }

    /** The same server under another name (another build of it, say). */
    public PeerServer renamed(String newName) {
        return new PeerServer(newName, mainClass, broadcastPath, scenarios, compresses);
    }

    /** Whether this server takes part in {@code scenario}. */
    public boolean runs(String scenario) {
        return (scenarios.isEmpty() || scenarios.contains(scenario)) && (compresses || !Scenarios.compresses(scenario));
    }

    /** Whether it is a JVM server (started with the same JVM flags as every other). */
    public boolean jvm() {
        return mainClass != null;
    }

    /**
     * The command that starts it pinned to {@code core}.
     *
     * @param jar     the benchmark jar, holding every JVM server
     * @param jvmArgs the flags every JVM server gets
     * @param wsDir   the directory holding {@code ws_server.js} and its node_modules
     */
    public List<String> command(int core, String jar, List<String> jvmArgs, String wsDir, boolean deflate) {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", Integer.toString(core)));
        if (jvm()) {
            cmd.add("java");
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", jar, mainClass));
        } else {
            cmd.addAll(List.of("node", wsDir + "/ws_server.js"));
        }
        cmd.add("0");
        if (deflate) {
            cmd.add("--deflate");
        }
        return cmd;
    }
}
