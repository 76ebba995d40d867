package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Echo latency at a fixed rate, free of coordinated omission: message {@code i} is due at
 * {@code start + i / rate}, whatever happened to earlier ones, and its latency counts from that
 * due time, not from when the sender got round to it. A server that stalls is charged for every
 * message that should have been sent during the stall.
 *
 * <p>Each message carries its own due time (16 hex digits) and a check of it (16 more), so a
 * reply is verified without shared bookkeeping between the sending thread and the event loop.
 * The server is first warmed up with a few seconds of echo at full speed.
 */
public final class FixedRateLatency implements Scenario {
    private static final long CHECK = 0x5DEECE66DL;
    private final int connections;
    private final int rate;
    private final Duration measure;

    /**
     * @param connections connections the messages are spread over, round robin
     * @param rate        messages per second, in total
     * @param measure     how long to measure, after a warm-up at the same rate
     */
    public FixedRateLatency(int connections, int rate, Duration measure) {
        this.connections = connections;
        this.rate = rate;
        this.measure = measure;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String description() {
        return String.format("echo latency at a fixed %,d messages/s over %d connections, 32-byte text, "
                + "timed from each message's scheduled send time", rate, connections);
    }

    @Override
    public Measurement run(Target target) throws Exception {
        // Warm the server up at full speed first: a fresh JVM that is still compiling its hot path
        // (on the one core it has) answers in milliseconds, and that would be measured instead.
        new EchoThroughput("warm-up", connections, 16, 32, false, false, Duration.ofSeconds(2)).run(target);
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong mismatches = new AtomicLong();
        long warmUp = Math.min(TimeUnit.SECONDS.toNanos(2), measure.toNanos());
        long[] window = new long[2]; // set before the first send; the loop thread only reads it
        WebSocketListener timer = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String reply) {
                long now = System.nanoTime();
                long due = decode(reply);
                if (due == Long.MIN_VALUE) {
                    mismatches.incrementAndGet();
                } else if (due >= window[0] && due < window[1]) {
                    synchronized (histogram) {
                        histogram.recordValue(Math.max(0, now - due));
                    }
                }
            }
        };
        try (WebSocketClient client = Connections.client()) {
            WebSocket[] sockets = Connections.open(client, target.uri("/echo"), Connections.options(false), timer,
                    connections);
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            window[0] = start + warmUp;
            window[1] = window[0] + measure.toNanos();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (long i = 0; ; i++) {
                long due = start + i * interval;
                if (due >= window[1]) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                sockets[(int) (i % connections)].sendText(encode(due));
            }
            Thread.sleep(1000); // the last replies
            Connections.terminate(sockets);
            synchronized (histogram) {
                long expected = measure.toNanos() / interval;
                long lost = Math.max(0, expected - histogram.getTotalCount());
                return new Measurement(List.of(
                        Figure.less("p50 µs", histogram.getValueAtPercentile(50) / 1e3),
                        Figure.less("p99 µs", histogram.getValueAtPercentile(99) / 1e3),
                        Figure.less("p99.9 µs", histogram.getValueAtPercentile(99.9) / 1e3),
                        Figure.less("max µs", histogram.getMaxValue() / 1e3)), mismatches.get() + lost);
            }
        }
    }

    /** A message naming its due time, with a check that a corrupted echo fails. */
    static String encode(long due) {
        return String.format("%016x%016x", due, Long.reverse(due) ^ CHECK);
    }

    /** The due time a reply names, or {@link Long#MIN_VALUE} if it is not one this scenario sent. */
    static long decode(String reply) {
        if (reply.length() != 32) {
            return Long.MIN_VALUE;
        }
        try {
            long due = Long.parseUnsignedLong(reply, 0, 16, 16);
            long check = Long.parseUnsignedLong(reply, 16, 32, 16);
            return check == (Long.reverse(due) ^ CHECK) ? due : Long.MIN_VALUE;
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
