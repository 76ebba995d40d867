package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.ClusterLoad;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench cluster}: weft's topics across nodes through a real redis-server on this
 * machine, beside the same subscribers on one node alone. Every node, and Redis, runs pinned to
 * the server core; the load generator on the other. Prints a markdown table (medians) and
 * writes it to {@code cluster.md} in the output folder.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "weft's topics across nodes through Redis: deliveries/s and publish-to-delivery latency")
public final class ClusterBench implements Callable<Integer> {
    @Option(names = "--nodes", description = "Nodes sharing the topic (default: ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(names = "--subscribers", description = "Subscribers in all, spread over the nodes (default: ${DEFAULT-VALUE}).")
    int subscribers = 3000;

    @Option(names = "--rate", description = "Publishes/s while latency is measured (default: ${DEFAULT-VALUE}).")
    int rate = 40;

    @Option(names = "--runs", description = "Runs of each setup; the table gives medians (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--seconds", description = "How long each measurement lasts, after a warm-up (default: ${DEFAULT-VALUE}).")
    int seconds = 5;

    @Option(names = "--out", description = "Where cluster.md goes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("weft-benchmarks", "target", "bench");

    @Option(names = "--server-core", description = "The core nodes and Redis are pinned to (default: ${DEFAULT-VALUE}).")
    int serverCore = 0;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String jar = Path.of(ClusterBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<ClusterLoad.Result> alone = new ArrayList<>();
        List<ClusterLoad.Result> clustered = new ArrayList<>();
        long mismatches = 0;
        for (int run = 1; run <= runs; run++) {
            for (boolean cluster : new boolean[] {false, true}) {
                ClusterLoad.Result r = once(jar, cluster);
                System.out.printf("run %d/%d, %s: %,.0f deliveries/s; latency local p50 %.0f µs p99 %.0f µs, "
                                + "cross-node p50 %.0f µs p99 %.0f µs%n", run, runs, cluster ? nodes + " nodes + Redis" : "1 node",
                        r.deliveriesPerSecond(), r.localP50Micros(), r.localP99Micros(), r.crossP50Micros(), r.crossP99Micros());
                (cluster ? clustered : alone).add(r);
                mismatches += r.mismatches();
            }
        }
        String md = "## weft's topics across nodes, " + Instant.now() + "\n\n" + subscribers + " subscribers of one topic, "
                + "a publisher on the first node; medians of " + runs + " runs of " + seconds + " s. Every node and "
                + "redis-server pinned to core " + serverCore + ", the load generator on the other. Deliveries/s with "
                + "4 publishes of 32 bytes in flight; latency from each publish's scheduled time at " + rate
                + " publishes/s.\n\n"
                + "| setup | deliveries/s | local p50 µs | local p99 µs | cross-node p50 µs | cross-node p99 µs |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + row("1 node, no Redis", alone, false) + row(nodes + " nodes + Redis", clustered, true);
        Files.createDirectories(out);
        Files.writeString(out.resolve("cluster.md"), md);
        System.out.println();
        System.out.println(md);
        System.out.println("wrong deliveries: " + mismatches);
        return mismatches == 0 ? 0 : 1;
    }

    private static String row(String name, List<ClusterLoad.Result> results, boolean cross) {
        return String.format("| %s | %,.0f | %.0f | %.0f | %s | %s |%n", name,
                median(results, ClusterLoad.Result::deliveriesPerSecond),
                median(results, ClusterLoad.Result::localP50Micros), median(results, ClusterLoad.Result::localP99Micros),
                cross ? String.format("%.0f", median(results, ClusterLoad.Result::crossP50Micros)) : "",
                cross ? String.format("%.0f", median(results, ClusterLoad.Result::crossP99Micros)) : "");
    }

    private static double median(List<ClusterLoad.Result> results, java.util.function.ToDoubleFunction<ClusterLoad.Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    /** One run: Redis and the nodes started, loaded, stopped. */
    private ClusterLoad.Result once(String jar, boolean cluster) throws Exception {
        List<RunningServer> started = new ArrayList<>();
        Process redis = null;
        try {
            List<String> nodeArgs = new ArrayList<>();
            if (cluster) {
                int port = freePort();
                redis = startRedis(port);
                nodeArgs.addAll(List.of("--redis", "redis://127.0.0.1:" + port));
            }
            List<URI> uris = new ArrayList<>();
            for (int n = 0; n < (cluster ? nodes : 1); n++) {
                List<String> cmd = new ArrayList<>(List.of("taskset", "-c", Integer.toString(serverCore), "java"));
                cmd.addAll(Compare.JVM_ARGS);
                cmd.addAll(List.of("-cp", jar, "dev.weft.benchmarks.peers.WeftTopicServer", "0"));
                cmd.addAll(nodeArgs);
                RunningServer s = RunningServer.start(cmd);
                started.add(s);
                uris.add(URI.create("ws://127.0.0.1:" + s.port()));
            }
            return new ClusterLoad(uris, subscribers).run(Duration.ofSeconds(seconds), rate);
        } finally {
            for (RunningServer s : started) {
                s.close();
            }
            if (redis != null) {
                redis.destroyForcibly().waitFor();
            }
        }
    }

    private Process startRedis(int port) throws Exception {
        Process p = new ProcessBuilder("taskset", "-c", Integer.toString(serverCore), "redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (String line; (line = in.readLine()) != null && System.nanoTime() < deadline; ) {
            if (line.contains("Ready to accept connections")) {
                Thread drain = new Thread(() -> in.lines().forEach(l -> { }), "redis-output");
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
