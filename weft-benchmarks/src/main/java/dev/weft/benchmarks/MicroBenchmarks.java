package dev.weft.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the protocol microbenchmarks and prints throughput in GB/s beside the baseline measured
 * in the same run, with their ratio: one number per row that survives a noisy machine better
 * than a lone timing. Arguments are passed to JMH (for example {@code -f 2 -wi 5 -i 10} or a
 * benchmark regex); without them it runs everything with one fork, 3 warm-up and 5 measured
 * iterations of one second.
 */
public final class MicroBenchmarks {
    private MicroBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        // Values set on the builder win over its parent's, so only fill in what the command line left out.
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(MaskingBenchmark.class.getSimpleName())
                    .include(Utf8Benchmark.class.getSimpleName())
                    .include(FrameParseBenchmark.class.getSimpleName())
                    .include(FrameEncodeBenchmark.class.getSimpleName())
                    .include(HandshakeParseBenchmark.class.getSimpleName())
                    .include(DeflateBenchmark.class.getSimpleName());
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println(table(results));
    }

    /** A markdown table: benchmark, parameters, GB/s with its error, and the ratio to the row's baseline. */
    static String table(Collection<RunResult> results) {
        Map<String, Double> baselines = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String key = group(r);
            if (name.endsWith("Baseline") && !name.endsWith("StrictDecoderBaseline")) {
                baselines.put(key, gbPerSecond(r, r.getPrimaryResult().getScore()));
            }
        }
        StringBuilder sb = new StringBuilder("| benchmark | params | GB/s | ± | × baseline |\n|---|---|---:|---:|---:|\n");
        for (RunResult r : results) {
            double score = gbPerSecond(r, r.getPrimaryResult().getScore());
            double error = gbPerSecond(r, r.getPrimaryResult().getScoreError());
            Double base = baselines.get(group(r));
            String name = r.getParams().getBenchmark();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s |%n",
                    name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), params(r), score, error,
                    base == null ? "-" : String.format(Locale.ROOT, "%.2f", score / base)));
        }
        return sb.toString();
    }

    private static String group(RunResult r) {
        String name = r.getParams().getBenchmark();
        return name.substring(0, name.lastIndexOf('.')) + " " + params(r);
    }

    private static String params(RunResult r) {
        StringBuilder sb = new StringBuilder();
        for (String k : r.getParams().getParamsKeys()) {
            sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(r.getParams().getParam(k));
        }
        return sb.toString();
    }

    /** Converts operations per second into GB/s using the bytes each operation of that benchmark processes. */
    private static double gbPerSecond(RunResult r, double opsPerSecond) {
        return opsPerSecond * bytesPerOp(r) / 1e9;
    }

    private static long bytesPerOp(RunResult r) {
        String name = r.getParams().getBenchmark();
        if (name.contains("MaskingBenchmark")) {
            return Integer.parseInt(r.getParams().getParam("size"));
        }
        if (name.contains("Utf8Benchmark")) {
            return Utf8Benchmark.sample(r.getParams().getParam("text"), 64 * 1024).length;
        }
        if (name.contains("FrameParseBenchmark")) {
            FrameParseBenchmark b = new FrameParseBenchmark();
            b.frameSize = Integer.parseInt(r.getParams().getParam("frameSize"));
            b.setup(new org.openjdk.jmh.infra.Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
            return b.wireBytes();
        }
        if (name.contains("FrameEncodeBenchmark")) {
            FrameEncodeBenchmark b = new FrameEncodeBenchmark();
            b.frameSize = Integer.parseInt(r.getParams().getParam("frameSize"));
            return b.payloadBytes();
        }
        if (name.contains("HandshakeParseBenchmark")) {
            return HandshakeParseBenchmark.REQUEST.length;
        }
        if (name.contains("DeflateBenchmark")) {
            return DeflateBenchmark.sample(r.getParams().getParam("data")).length;
        }
        throw new IllegalArgumentException("no byte count for " + name);
    }
}
