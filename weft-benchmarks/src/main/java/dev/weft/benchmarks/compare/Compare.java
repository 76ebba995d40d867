package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Measurement;
import dev.weft.benchmarks.load.Scenario;
import dev.weft.benchmarks.load.Scenarios;
import dev.weft.benchmarks.load.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole comparison ({@code bin/bench}): for each scenario, for each of the runs, each server
 * is started alone, pinned to one core, loaded by this process (pinned to the other core by the
 * script), and stopped; servers take turns within a run, so drift on a noisy machine touches
 * all of them alike. Prints progress as it goes and, at the end, markdown tables of medians with
 * weft's ratio to each server, also written with PNG charts to the output directory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = ServeCommand.class,
        description = "Compare weft's server with Netty, Vert.x, Jetty, Java-WebSocket and ws, scenario by scenario.")
public final class Compare implements Callable<Integer> {
    /** The same flags for every JVM server, so memory and CPU compare like with like. */
    static final List<String> JVM_ARGS = List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC");

    @Option(names = "--runs", description = "Runs per scenario and server; the table gives medians (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--seconds", description = "How long each run measures, after a warm-up (default: ${DEFAULT-VALUE}).")
    int seconds = 5;

    @Option(names = "--connections", description = "Connections for memory, broadcast and "
            + "subscriptions; publish-deflate takes a tenth (default: ${DEFAULT-VALUE}).")
    int connections = 10_000;

    @Option(names = "--servers", split = ",", description = "Servers to compare (default: all): weft, weft-loop, "
            + "weft-topic (publishing to a topic), weft-topic-loop (a loop of sends to the same room), netty, vertx, jetty, java-websocket, ws, trivial, trivial-c (the yardstick in C), nio-floor (a bare NIO server: the JDK's share of an idle connection); inside servlet containers: weft-tomcat, tomcat "
            + "(Tomcat's own Jakarta WebSocket), weft-jetty, jetty-jakarta (Jetty ee10's).")
    List<String> servers;

    @Option(names = "--scenarios", split = ",", description = "Scenarios (default: all): small, large, latency, "
            + "handshakes, memory, broadcast, small-deflate, large-deflate; weft's topics only: publish-deflate, "
            + "subscriptions.")
    List<String> scenarios;

    @Option(names = "--out", description = "Where the report and charts go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("weft-benchmarks/target/bench");

    @Option(names = "--ws-dir", description = "The directory with ws_server.js and its node_modules (default: ${DEFAULT-VALUE}).")
    String wsDir = "weft-benchmarks/peers";

    @Option(names = "--server-core", description = "The core servers are pinned to (default: ${DEFAULT-VALUE}).")
    int serverCore = 0;

    @Option(names = "--baseline-jar", description = "Another build's benchmark jar: its weft server runs as "
            + "'weft-before' beside this build's, to measure a change before and after in one run.")
    Path baselineJar;

    /**
     * Elapsed time and, once a run has finished, the estimated time left at the pace so far:
     * {@code 3m10s elapsed, ~12m left}.
     */
    static String progress(long elapsedNanos, int done, int total) {
        String elapsed = minutes(elapsedNanos) + " elapsed";
        if (done == 0) {
            return elapsed;
        }
        return elapsed + ", ~" + minutes(elapsedNanos * (total - done) / done) + " left";
    }

    private static String minutes(long nanos) {
        long s = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }

    /** The row of the {@code --baseline-jar} build's weft server. */
    static final String BASELINE = "weft-before";

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String jar = Path.of(Compare.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Map<String, Scenario> all = Scenarios.all(Duration.ofSeconds(seconds), connections);
        List<Scenario> chosen;
        try {
            chosen = Scenarios.named(all, scenarios == null ? List.copyOf(all.keySet()) : scenarios);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        List<PeerServer> contenders = new java.util.ArrayList<>(PeerServer.all().stream()
                .filter(p -> servers == null || servers.contains(p.name())).toList());
        if (baselineJar != null) {
            contenders.add(1, PeerServer.all().get(0).renamed(BASELINE));
        }
        int total = 0;
        for (Scenario s : chosen) {
            total += runs * (int) contenders.stream().filter(p -> p.runs(s.name())).count();
        }
        String versions = versions();
        System.out.println("bench: " + total + " runs of " + seconds + " s (+ warm-up); " + versions);
        warmUpGenerator(jar);
        Results results = new Results();
        int step = 0;
        long started = System.nanoTime();
        boolean allMatched = true;
        for (Scenario scenario : chosen) {
            for (int run = 1; run <= runs; run++) {
                for (PeerServer peer : contenders) {
                    if (!peer.runs(scenario.name())) {
                        continue;
                    }
                    step++;
                    String prefix = String.format("[%d/%d, %s] %s, run %d/%d, %s: ", step, total,
                            progress(System.nanoTime() - started, step - 1, total), scenario.name(), run, runs, peer.name());
                    System.out.print(prefix);
                    System.out.flush();
                    long began = System.nanoTime();
                    String serverJar = peer.name().equals(BASELINE) ? baselineJar.toString() : jar;
                    try (RunningServer server = RunningServer.start(peer.command(serverCore, serverJar,
                            PeerServer.containersBeside(serverJar), JVM_ARGS, wsDir, 0, Scenarios.compresses(scenario.name())))) {
                        Target target = new Target(URI.create("ws://127.0.0.1:" + server.port()), server.pid(), peer.broadcastPath());
                        Measurement m = scenario.run(target);
                        results.add(scenario.name(), peer.name(), m);
                        allMatched &= m.mismatches() == 0;
                        System.out.printf("%s (%.0f s)%n", m, (System.nanoTime() - began) / 1e9);
                    } catch (Exception e) {
                        String why = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                        results.fail(scenario.name(), peer.name(), why);
                        System.out.println("FAILED " + why);
                    }
                }
            }
        }
        String heading = "## weft beside its peers, " + Instant.now() + "\n\n" + versions + "\n\nEach server alone on core "
                + serverCore + ", the load generator (weft's client, checking every reply byte for byte) on the other; JVM "
                + "servers run with " + String.join(" ", JVM_ARGS) + ". Medians of " + runs + " runs of " + seconds
                + " s after a warm-up. `trivial` is a yardstick for the load generator, not a WebSocket server: "
                + "where a real server comes near it, the generator is the limit and CPU per message ranks the servers; "
                + "`trivial-c` is the same yardstick in C, the least CPU per message the kernel leaves a server. "
                + "`weft-loop` is weft broadcasting with a loop of individual sends instead of `broadcast`; `weft-topic` "
                + "publishes to a topic every connection subscribes to, and `weft-topic-loop` keeps that room with "
                + "a loop of sends (with deflate: one compression per publish beside one per subscriber).\n";
        String md = Report.write(out, heading, chosen, results);
        System.out.println();
        System.out.println(md);
        System.out.println("bench: report and charts in " + out.toAbsolutePath());
        return allMatched ? 0 : 1;
    }

    /**
     * Runs the load generator against the trivial server for a while, unmeasured, so that the
     * first server measured does not pay for the generator's own JIT warm-up (it showed as a
     * tenfold median latency in whichever server came first).
     */
    private void warmUpGenerator(String jar) throws Exception {
        System.out.println("bench: warming up the load generator");
        PeerServer trivial = PeerServer.all().stream().filter(p -> p.name().equals("trivial")).findFirst().orElseThrow();
        try (RunningServer server = RunningServer.start(trivial.command(serverCore, jar, PeerServer.containersBeside(jar), JVM_ARGS, wsDir, 0, false))) {
            Target target = Target.at(URI.create("ws://127.0.0.1:" + server.port()), server.pid());
            for (Scenario s : Scenarios.all(Duration.ofSeconds(2), 1000).values()) {
                if (trivial.runs(s.name()) && !s.name().equals("broadcast")) {
                    s.run(target);
                }
            }
        }
    }

    /** The JVM, Node and every library's version, for the report's heading. */
    private String versions() {
        return String.format("JVM %s (%s); Node %s; weft %s, Netty %s, Vert.x %s, Jetty %s, Java-WebSocket %s, ws %s "
                        + "(bufferutil %s, utf-8-validate %s)",
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"), nodeVersion(),
                mavenVersion("dev.weft", "weft"), mavenVersion("io.netty", "netty-codec-http"),
                vertxVersion(), mavenVersion("org.eclipse.jetty", "jetty-server"),
                mavenVersion("org.java-websocket", "Java-WebSocket"), npmVersion("ws"), npmVersion("bufferutil"),
                npmVersion("utf-8-validate"));
    }

    private static String mavenVersion(String group, String artifact) {
        try (InputStream in = Compare.class.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "?";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** Vert.x's core jar carries no pom.properties, but names its version in a resource of its own. */
    private static String vertxVersion() {
        try (InputStream in = Compare.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
            return in == null ? "?" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private String npmVersion(String pkg) {
        try {
            Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(Files.readString(Path.of(wsDir, "node_modules", pkg, "package.json")));
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
