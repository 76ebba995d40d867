package dev.weft.benchmarks;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.WebSocketConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for echo servers: many connections, each keeping a fixed number of small
 * text messages in flight, every echo checked against what was sent. Prints messages per
 * second and, given the server's process id, the server's CPU time per message (read from
 * {@code /proc/PID/stat}), which still ranks servers when the generator is the ceiling.
 *
 * <p>Usage: {@code EchoLoad URL CONNECTIONS IN_FLIGHT SIZE SECONDS [SERVER_PID]}. System
 * properties: {@code -Dweft.bench.payload=json} sends JSON-like text instead of one repeated
 * character; {@code -Dweft.bench.deflate=true} offers permessage-deflate (off by default, so
 * servers are compared without compression unless asked).
 */
public final class EchoLoad {
    private EchoLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long pid = args.length > 5 ? Long.parseLong(args[5]) : -1;
        Result r = run(uri, connections, inFlight, size, seconds, pid);
        System.out.println(r);
    }

    /** What one run measured. */
    record Result(long messages, double seconds, long mismatches, double serverCpuSeconds) {
        double perSecond() {
            return messages / seconds;
        }

        double serverMicrosPerMessage() {
            return serverCpuSeconds < 0 ? -1 : serverCpuSeconds * 1e6 / messages;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "messages=%d seconds=%.2f msg/s=%.0f mismatches=%d server-cpu-us/msg=%.2f",
                    messages, seconds, perSecond(), mismatches, serverMicrosPerMessage());
        }
    }

    static Result run(URI uri, int connections, int inFlight, int size, int seconds, long serverPid) throws Exception {
        String payload = "json".equals(System.getProperty("weft.bench.payload"))
                ? new String(DeflateBenchmark.sample("json"), java.nio.charset.StandardCharsets.UTF_8)
                        .repeat(size / 4096 + 1).substring(0, size)
                : "x".repeat(size);
        dev.weft.client.ConnectOptions options = Boolean.getBoolean("weft.bench.deflate")
                ? dev.weft.client.ConnectOptions.builder().extensions(
                        dev.weft.protocol.deflate.PerMessageDeflate.builder().threshold(0).build()).build()
                : dev.weft.client.ConnectOptions.builder().extensions().build();
        AtomicLong received = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        long[] stopAt = {Long.MAX_VALUE};
        WebSocketListener echoer = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (!text.equals(payload)) {
                    mismatches.incrementAndGet();
                }
                received.incrementAndGet();
                if (System.nanoTime() < stopAt[0]) {
                    ws.sendText(payload);
                }
            }
        };
        try (WebSocketClient client = WebSocketClient.create(WebSocketConfig.defaults(), 1)) {
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                sockets.add(client.connect(uri, options, echoer).get(10, TimeUnit.SECONDS));
            }
            // Warm up for a second, then measure.
            for (WebSocket ws : sockets) {
                for (int k = 0; k < inFlight; k++) {
                    ws.sendText(payload);
                }
            }
            Thread.sleep(1000);
            long startCount = received.get();
            double startCpu = cpuSeconds(serverPid);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long count = received.get() - startCount;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = serverPid > 0 ? cpuSeconds(serverPid) - startCpu : -1;
            stopAt[0] = System.nanoTime();
            Thread.sleep(200);
            for (WebSocket ws : sockets) {
                ws.terminate();
            }
            return new Result(count, elapsed, mismatches.get(), cpu);
        }
    }

    /** User plus system CPU time of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
    static double cpuSeconds(long pid) throws java.io.IOException {
        if (pid <= 0) {
            return -1;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }
}
