package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Scenarios;

import java.nio.file.Path;
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
 * @param container     for a server inside a servlet container, the folder beside the benchmark
 *                      jar ({@code containers/NAME}) holding that container's jars, which join
 *                      its class path; null for the others
 */
public record PeerServer(String name, String mainClass, String broadcastPath, Set<String> scenarios, boolean compresses,
                         String container) {
    private static final String PEERS = "dev.weft.benchmarks.peers.";
    /** The C yardstick's name: a program built beside the benchmark jar, not a JVM or Node server. */
    static final String TRIVIAL_C = "trivial-c";
    /** What a server inside a servlet container runs: the echo scenarios (it has no broadcast). */
    private static final Set<String> ECHO_SCENARIOS = Set.of("small", "large", "latency", "handshakes",
            "small-deflate", "medium-deflate", "large-deflate");

    /** What weft's other compression settings run. */
    private static final Set<String> DEFLATE_SCENARIOS = Set.of("small-deflate", "medium-deflate", "large-deflate",
            "memory-deflate");

    /** A server that runs on the benchmark jar alone. */
    public PeerServer(String name, String mainClass, String broadcastPath, Set<String> scenarios, boolean compresses) {
        this(name, mainClass, broadcastPath, scenarios, compresses, null);
    }

    /** Every server the comparison knows, weft first. */
    public static List<PeerServer> all() {
        return List.of(
                new PeerServer("weft", PEERS + "WeftEchoServer", "/broadcast", Set.of(), true),
                // The same server broadcasting with a loop of sends, to show what encoding once is worth.
                new PeerServer("weft-loop", PEERS + "WeftEchoServer", "/broadcast-loop", Set.of("broadcast"), false),
                // The same echo lending binary messages to its listener, which sends them back without a copy.
                new PeerServer("weft-lent", PEERS + "WeftLentEchoServer", "/broadcast", Set.of("large", "huge"), false),
                // Topics: publish to a room beside broadcast, compressed once for many beside a
                // loop of compressed sends, and the memory a subscription costs.
                new PeerServer("weft-topic", PEERS + "WeftTopicServer", "/topic",
                        Set.of("broadcast", "publish-deflate", "subscriptions"), true),
                new PeerServer("weft-topic-loop", PEERS + "WeftTopicServer", "/topic-loop", Set.of("publish-deflate"), true),
                // What a compressed connection costs as the window and context takeover change.
                new PeerServer("weft-w10", PEERS + "WeftSmallWindowEchoServer", "/broadcast", DEFLATE_SCENARIOS, true),
                new PeerServer("weft-nct", PEERS + "WeftNoTakeoverEchoServer", "/broadcast", DEFLATE_SCENARIOS, true),
                new PeerServer("netty", PEERS + "NettyEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("vertx", PEERS + "VertxEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("jetty", PEERS + "JettyEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("java-websocket", PEERS + "JavaWebSocketEchoServer", "/broadcast", Set.of(), true),
                new PeerServer("ws", null, "/broadcast", Set.of(), true),
                // weft inside servlet containers, beside each container's own Jakarta WebSocket.
                new PeerServer("weft-tomcat", PEERS + "WeftTomcatEchoServer", "/broadcast", ECHO_SCENARIOS, true, "tomcat"),
                new PeerServer("tomcat", PEERS + "TomcatEchoServer", "/broadcast", ECHO_SCENARIOS, true, "tomcat"),
                new PeerServer("weft-jetty", PEERS + "WeftJettyEchoServer", "/broadcast", ECHO_SCENARIOS, true, "jetty-ee10"),
                new PeerServer("jetty-jakarta", PEERS + "JettyJakartaEchoServer", "/broadcast", ECHO_SCENARIOS, true,
                        "jetty-ee10"),
                // The JDK's own share of an idle connection: a bare NIO server holding the channel and its key.
                new PeerServer(Report.FLOOR, PEERS + "NioFloorServer", "/broadcast", Set.of("memory"), false),
                // A yardstick for the load generator, not a contender; it holds no state worth measuring.
                new PeerServer("trivial", PEERS + "TrivialEchoServer", "/broadcast",
                        Set.of("small", "large", "latency", "handshakes", "broadcast"), false),
                // The same yardstick in C (src/main/c/trivial_echo.c): what a server costs that adds
                // nothing to the kernel's work, so the Java yardstick's own cost shows.
                new PeerServer(TRIVIAL_C, null, "/broadcast", Set.of("small", "large", "latency", "handshakes"), false));
    }

    /** The same server under another name (another build of it, say). */
    public PeerServer renamed(String newName) {
        return new PeerServer(newName, mainClass, broadcastPath, scenarios, compresses, container);
    }

    /** Whether this server takes part in {@code scenario}. */
    public boolean runs(String scenario) {
        boolean takesPart = scenarios.isEmpty() ? !Scenarios.onlyWhenNamed(scenario) : scenarios.contains(scenario);
        return takesPart && (compresses || !Scenarios.compresses(scenario));
    }

    /** The folder of the containers' class paths beside a benchmark jar. */
    public static Path containersBeside(String jar) {
        return Path.of(jar).toAbsolutePath().resolveSibling("containers");
    }

    /**
     * The class path it runs with: {@code base}, and for a server in a container that
     * container's jars, with any jar of another container taken out of {@code base} (a test's
     * class path holds every container's, and their Servlet APIs differ).
     */
    String classPath(String base, Path containers) {
        if (container == null) {
            return base;
        }
        Set<String> containerJars = new java.util.HashSet<>();
        try (var dirs = java.nio.file.Files.list(containers)) {
            for (Path dir : dirs.toList()) {
                try (var jars = java.nio.file.Files.list(dir)) {
                    jars.forEach(j -> containerJars.add(j.getFileName().toString()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no container class paths in " + containers + " (built with the package)", e);
        }
        StringBuilder cp = new StringBuilder();
        for (String entry : base.split(java.io.File.pathSeparator)) {
            if (!containerJars.contains(Path.of(entry).getFileName().toString())) {
                cp.append(entry).append(java.io.File.pathSeparator);
            }
        }
        return cp.append(containers.resolve(container).resolve("*")).toString();
    }

    /** Whether it is a JVM server (started with the same JVM flags as every other). */
    public boolean jvm() {
        return mainClass != null;
    }

    /**
     * The command that starts it on {@code port} (0 for a free one), pinned to {@code core} (not
     * pinned for a negative core).
     *
     * @param jar        the benchmark jar holding every JVM server (or, in tests, the class path)
     * @param containers the folder of the servlet containers' class paths, {@code containers}
     *                   beside the benchmark jar
     * @param jvmArgs    the flags every JVM server gets
     * @param wsDir      the directory holding {@code ws_server.js} and its node_modules
     */
    public List<String> command(int core, String jar, Path containers, List<String> jvmArgs, String wsDir, int port,
                                boolean deflate) {
        List<String> cmd = new ArrayList<>();
        if (core >= 0) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(core)));
        }
        if (jvm()) {
            cmd.add("java");
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", classPath(jar, containers), mainClass));
        } else if (name.equals(TRIVIAL_C)) {
            cmd.add(dev.weft.benchmarks.load.NativeBinaries.beside("trivial-echo").toString());
        } else {
            cmd.addAll(List.of("node", wsDir + "/ws_server.js"));
        }
        cmd.add(Integer.toString(port));
        if (deflate) {
            cmd.add("--deflate");
        }
        return cmd;
    }
}
