package dev.weft.benchmarks;

import dev.weft.benchmarks.load.Measurement;
import dev.weft.benchmarks.load.Scenario;
import dev.weft.benchmarks.load.Scenarios;
import dev.weft.benchmarks.load.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code weft bench}: runs the benchmark's scenarios against one running server, any server that
 * keeps the echo contract (see {@code dev.weft.benchmarks.peers.ServerArgs}), and prints what
 * each measured. Exits 1 if any reply was wrong.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load one WebSocket echo server with the benchmark's scenarios and print the figures.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The server, such as ws://127.0.0.1:8080 (scenarios add their paths).")
    URI url;

    @Option(names = "--scenario", split = ",", description = "Scenarios to run: small, large, latency, handshakes, "
            + "memory, broadcast, small-deflate, large-deflate (default: small).")
    List<String> scenarios = new ArrayList<>(List.of("small"));

    @Option(names = "--seconds", description = "How long each scenario measures, after a warm-up (default: ${DEFAULT-VALUE}).")
    int seconds = 5;

    @Option(names = "--connections", description = "Connections for memory and broadcast (default: ${DEFAULT-VALUE}).")
    int connections = 10_000;

    @Option(names = "--pid", description = "The server's process id, for its CPU time and memory (needed by memory).")
    long pid = -1;

    @Option(names = "--broadcast-path", description = "Where the server broadcasts (default: ${DEFAULT-VALUE}).")
    String broadcastPath = "/broadcast";

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Scenario> all = Scenarios.all(Duration.ofSeconds(seconds), connections);
        Target target = new Target(url, pid, broadcastPath);
        boolean allMatched = true;
        for (Scenario scenario : chosen(all)) {
            System.out.println(scenario.name() + ": " + scenario.description());
            Measurement m = scenario.run(target);
            System.out.println(scenario.name() + ": " + m);
            allMatched &= m.mismatches() == 0;
        }
        return allMatched ? 0 : 1;
    }

    private List<Scenario> chosen(Map<String, Scenario> all) {
        try {
            return Scenarios.named(all, scenarios);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }
}
