package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code weft serve}, forked with a heap of its two memory budgets plus a fixed overhead, taking
 * 200 concurrent 10 MiB messages that each arrive a piece at a time (compressed, then plain):
 * every message is echoed or its connection closed with 1013, the server never runs out of
 * memory, a normal client gets a handshake and an echo within 5 s throughout, and a second round
 * behaves as the first (the memory was given back).
 *
 * <p>Heap: 64 MiB inbound + 64 MiB outbound + 128 MiB of overhead = 256 MiB. The overhead is
 * the JVM and weft at rest (about 20 MiB), the one message allowed past the inbound budget
 * (the overdraft, up to 16 MiB of buffer), and, on each of the two loops, the message in the
 * listener's hands (its String, and the UTF-8 copy the echo encodes), with room for the collector.
 */
class ServeUnderMemoryPressureTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli")
            .resolve("target").resolve("weft.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int CLIENTS = 200;
    private static final int MESSAGE = 10 << 20;
    private static final int PIECE = 64 << 10;

    private static PeerProcess serve;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        serve = PeerProcess.start(JAVA, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", CLI_JAR.toString(),
                "serve", "--port", "0", "--loops", "2", "--deflate",
                "--inbound-budget", "64m", "--outbound-budget", "64m", "--memory-wait", "60");
        String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
        base = "ws://" + line.substring("weft serve: listening on ws://".length()).split(" ")[0];
    }

    @AfterAll
    static void stop() {
        serve.close();
    }

    @Test
    void compressedMessagesInflatingTo10MiBEachAreEchoedWithinTheBudgets() throws Exception {
        for (int round = 1; round <= 2; round++) {
            run(true, "compressed round " + round);
        }
    }

    @Test
    void plainMessagesOf10MiBSentInPiecesAreEchoedWithinTheBudgets() throws Exception {
        for (int round = 1; round <= 2; round++) {
            run(false, "plain round " + round);
        }
    }

    /** One round: 200 clients send their message piece by piece, in turn, and wait for the echo or a 1013. */
    private static void run(boolean compressed, String round) throws Exception {
        ConnectOptions options = compressed ? ConnectOptions.defaults() : ConnectOptions.builder().extensions().build();
        Map<Integer, String> outcomes = new ConcurrentHashMap<>();
        List<String> sendFailures = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<String>> ends = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        Probe probe = new Probe();
        java.util.concurrent.ExecutorService pieces = Executors.newFixedThreadPool(2);
        // The probe has a client of its own: the 200 clients' loop is busy checking 10 MiB echoes,
        // and the probe measures the server, not that loop.
        try (WebSocketClient client = WebSocketClient.create(WebSocketConfig.defaults(), 2);
             WebSocketClient probing = WebSocketClient.create()) {
            probe.start(probing);
            for (int i = 0; i < CLIENTS; i++) {
                CompletableFuture<String> end = new CompletableFuture<>();
                ends.add(end);
                int id = i;
                sockets.add(client.connect(URI.create(base + "/echo"), options, new EchoCheck(id, end))
                        .get(10, TimeUnit.SECONDS));
                end.thenAccept(o -> outcomes.put(id, o));
            }
            if (compressed) {
                assertThat(sockets.get(0).extensions()).as("permessage-deflate negotiated").isNotEmpty();
            }
            // Each client sends its pieces one after another, each once the last was written, all
            // clients at once: as independent peers do, so one that the server makes wait does not
            // hold up the others.
            for (int i = 0; i < CLIENTS; i++) {
                int id = i;
                sendFrom(sockets.get(i), id, 0, compressed, pieces).exceptionally(e -> {
                    sendFailures.add(id + ": " + e);
                    return null;
                });
            }
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            probe.stop(); // before its client closes
        } finally {
            probe.stop();
            pieces.shutdownNow();
        }
        assertThat(serve.alive()).as("the server is running; output:\n" + tail()).isTrue();
        long echoed = outcomes.values().stream().filter("echoed"::equals).count();
        System.out.println(round + ": the server's close lines by code and error lines: " + serve.output().lines()
                .filter(l -> l.startsWith("close /echo") || l.startsWith("error"))
                .map(l -> l.startsWith("error") ? l.replaceAll("127.0.0.1:\\d+", "") : l.replaceAll(".*code=", "code="))
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.stream.Collectors.counting())));
        System.out.printf("%s: %d of %d echoed, the others: %s; probe worst %d ms over %d probes%n", round,
                echoed, CLIENTS, outcomes.values().stream().filter(o -> !o.equals("echoed")).toList(),
                probe.worstMillis.get(), probe.count.get());
        assertThat(outcomes.values()).as(round + ": every message echoed, or its connection closed with 1013")
                .allMatch(o -> o.equals("echoed") || o.equals("closed 1013"));
        // A piece sent as the server closed the connection with 1013 fails; no other send may.
        List<String> unexplained = sendFailures.stream()
                .map(f -> f + " (then " + outcomes.get(Integer.parseInt(f.substring(0, f.indexOf(':')))) + ")")
                .filter(f -> !f.endsWith("(then closed 1013)")).toList();
        assertThat(unexplained).as(round + ": sends that failed on connections not closed with 1013").isEmpty();
        assertThat(serve.output()).doesNotContain("OutOfMemoryError");
        assertThat(echoed).as(round + ": messages echoed").isPositive();
        assertThat(probe.failures).as(round + ": probe failures").isEmpty();
        assertThat(probe.count.get()).isPositive();
        assertThat(probe.worstMillis.get()).as(round + ": worst probe, ms").isLessThan(5000);
    }

    /** Sends client {@code id}'s pieces from {@code at} on, each once the one before was written. */
    private static CompletableFuture<Void> sendFrom(WebSocket ws, int id, int at, boolean compressed, Executor pieces) {
        String p = piece(id, at);
        boolean last = at + PIECE >= MESSAGE;
        CompletableFuture<Void> sent = compressed ? ws.sendTextFragment(p, last)
                : ws.sendFragment(MessageType.BINARY, ByteBuffer.wrap(p.getBytes(StandardCharsets.US_ASCII)), last);
        return last ? sent : sent.thenComposeAsync(v -> sendFrom(ws, id, at + PIECE, compressed, pieces), pieces);
    }

    /** Client {@code id}'s message, piece by piece: text that compresses well and differs per client. */
    private static String unit(int id, int at) {
        return "client " + id + " piece " + (at / PIECE) + " of a large message; ";
    }

    private static String piece(int id, int at) {
        String unit = unit(id, at);
        StringBuilder b = new StringBuilder(PIECE);
        while (b.length() < PIECE) {
            b.append(unit);
        }
        b.setLength(Math.min(PIECE, MESSAGE - at));
        return b.toString();
    }

    /** The server's last lines, without its per-connection open and close lines. */
    private static String tail() {
        List<String> lines = serve.output().lines().filter(l -> !l.startsWith("open ") && !l.startsWith("close ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Checks the echo against what was sent, keeping only the verdict. */
    private static final class EchoCheck implements WebSocketListener {
        private final int id;
        private final CompletableFuture<String> end;

        EchoCheck(int id, CompletableFuture<String> end) {
            this.id = id;
            this.end = end;
        }

        @Override
        public void onText(WebSocket ws, String text) {
            end.complete(matches(text) ? "echoed" : "wrong echo of " + text.length() + " chars");
            ws.close(1000, "");
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            end.complete(matches(StandardCharsets.US_ASCII.decode(data).toString()) ? "echoed" : "wrong echo");
            ws.close(1000, "");
        }

        /** Compares piece by piece against the repeated unit, making no copy of the 10 MiB it checks. */
        private boolean matches(String text) {
            if (text.length() != MESSAGE) {
                return false;
            }
            for (int at = 0; at < MESSAGE; at += PIECE) {
                String unit = unit(id, at);
                for (int k = 0; k < PIECE; k += unit.length()) {
                    int n = Math.min(unit.length(), PIECE - k);
                    if (!text.regionMatches(at + k, unit, 0, n)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            end.complete("closed " + code);
        }
    }

    /** A normal client, every second: connect, echo a short message, close; the slowest is kept. */
    private static final class Probe {
        final AtomicLong worstMillis = new AtomicLong();
        final AtomicLong count = new AtomicLong();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        void start(WebSocketClient client) {
            timer.scheduleWithFixedDelay(() -> {
                long began = System.nanoTime();
                try {
                    CompletableFuture<String> reply = new CompletableFuture<>();
                    WebSocket ws = client.connect(URI.create(base + "/probe"), ConnectOptions.builder().extensions().build(),
                            new WebSocketListener() {
                                @Override
                                public void onText(WebSocket socket, String text) {
                                    reply.complete(text);
                                }
                            }).get(10, TimeUnit.SECONDS);
                    ws.sendText("probe");
                    assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("probe");
                    ws.close(1000, "");
                    count.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    failures.add(e.toString());
                }
                worstMillis.accumulateAndGet(Duration.ofNanos(System.nanoTime() - began).toMillis(), Math::max);
            }, 200, 1000, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            timer.shutdown(); // a probe under way finishes (within its 20 s of timeouts)
            assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
