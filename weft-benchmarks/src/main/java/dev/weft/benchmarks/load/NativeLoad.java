package dev.weft.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator for plain traffic: {@code wsload}, a C program the benchmark module builds
 * from {@code src/main/c/wsload.c} (with gcc) into {@code target/}, beside the benchmark jar. On
 * one core it drives a trivial server as fast as the loopback TCP stack carries the segments, so
 * the servers under test, not the generator, are what is measured. This class runs it, reads the
 * server's CPU time when the generator says its window opens and closes, and returns the window.
 */
final class NativeLoad {
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private NativeLoad() {
    }

    /** Echo of {@code payload} (text or binary) over {@code connections}, each keeping {@code inFlight} messages in flight. */
    static Window echo(Target target, byte[] payload, boolean binary, int connections, int inFlight, Duration measure)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("wsload-payload", ".bin");
        try {
            Files.write(file, payload);
            return window(target, List.of("echo", port(target), "/echo", file.toString(), binary ? "binary" : "text",
                    Integer.toString(connections), Integer.toString(inFlight)), measure);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Connections opened, upgraded and closed (with the closing handshake), {@code concurrency} at a time. */
    static Window handshakes(Target target, int concurrency, Duration measure) throws IOException, InterruptedException {
        return window(target, List.of("handshakes", port(target), "/echo", Integer.toString(concurrency)), measure);
    }

    /**
     * Echo latency at a fixed rate, each message timed from when it was due: the figures
     * {@code p50}, {@code p99}, {@code p999} and {@code max} in nanoseconds, {@code recorded} and
     * {@code expected} replies, and {@code mismatches}.
     */
    static Map<String, Double> latency(Target target, int connections, int rate, Duration measure)
            throws IOException, InterruptedException {
        List<String> args = List.of("latency", port(target), "/echo", Integer.toString(connections),
                Integer.toString(rate), Long.toString(Math.min(WARM_UP.toMillis(), measure.toMillis())),
                Long.toString(measure.toMillis()));
        Process p = start(args);
        try (BufferedReader out = reader(p)) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("latency ")) {
                    return fields(line);
                }
            }
            throw new IOException("wsload latency ended without its figures (exit " + p.waitFor() + ")");
        } finally {
            finish(p);
        }
    }

    private static Window window(Target target, List<String> mode, Duration measure)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(mode);
        args.add(Long.toString(Math.min(WARM_UP.toMillis(), measure.toMillis())));
        args.add(Long.toString(measure.toMillis()));
        Process p = start(args);
        try (BufferedReader out = reader(p)) {
            double serverCpuAtStart = -1;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("window start")) {
                    serverCpuAtStart = ProcessStats.cpuSeconds(target.pid());
                } else if (line.startsWith("window end ")) {
                    double serverCpu = target.pid() > 0 ? ProcessStats.cpuSeconds(target.pid()) - serverCpuAtStart : -1;
                    Map<String, Double> f = fields(line);
                    return new Window(f.get("count").longValue(), f.get("seconds"), serverCpu, f.get("cpu"),
                            f.get("mismatches").longValue());
                }
            }
            throw new IOException("wsload " + mode.get(0) + " ended without closing its window (exit " + p.waitFor()
                    + "): see its message above");
        } finally {
            finish(p);
        }
    }

    /** The {@code wsload} built beside this class's jar (or classes folder), or a loud failure naming the fix. */
    static Path binary() {
        return NativeBinaries.beside("wsload");
    }

    private static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void finish(Process p) throws InterruptedException {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    private static String port(Target target) {
        return Integer.toString(target.base().getPort());
    }

    /** The {@code name=value} pairs of a line, as numbers. */
    private static Map<String, Double> fields(String line) {
        Map<String, Double> m = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
            }
        }
        return m;
    }
}
