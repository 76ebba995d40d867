package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on weft nodes that share one topic (through Redis, or one node alone): subscribers spread
 * over the nodes' {@code /topic}, a publisher on the first node. Measures the whole cluster's
 * deliveries per second with a few publishes in flight, and publish-to-delivery latency at a
 * fixed rate, for subscribers on the publisher's node (local) and on the others (cross-node).
 * Every delivery is checked.
 */
public final class ClusterLoad {
    private static final int IN_FLIGHT = 4;
    private final List<URI> nodes;
    private final int subscribers;

    /**
     * @param nodes       each node's base URI; the first is the publisher's
     * @param subscribers connections in all, spread round robin over the nodes
     */
    public ClusterLoad(List<URI> nodes, int subscribers) {
        this.nodes = nodes;
        this.subscribers = subscribers;
    }

    /** What one run found. */
    public record Result(double deliveriesPerSecond, double localP50Micros, double localP99Micros,
                         double crossP50Micros, double crossP99Micros, long mismatches) {
    }

    /**
     * Runs both measurements.
     *
     * @param measure how long each measures, after a warm-up
     * @param rate    publishes per second for the latency measurement
     */
    public Result run(Duration measure, int rate) throws Exception {
        AtomicLong delivered = new AtomicLong();
        AtomicLong published = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        Histogram local = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram cross = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        boolean[] timing = new boolean[1];
        WebSocket[] publisher = new WebSocket[1];
        String filler = Payloads.text(32);
        int expectedPerPublish = subscribers + 1;
        WebSocketListener onNode0 = listener(true, delivered, published, mismatches, local, cross, timing, publisher,
                filler, expectedPerPublish);
        WebSocketListener onOthers = listener(false, delivered, published, mismatches, local, cross, timing, publisher,
                filler, expectedPerPublish);
        try (WebSocketClient client = Connections.client()) {
            WebSocket[][] spread = new WebSocket[nodes.size()][];
            for (int n = 0; n < nodes.size(); n++) {
                int here = subscribers / nodes.size() + (n < subscribers % nodes.size() ? 1 : 0);
                spread[n] = Connections.open(client, nodes.get(n).resolve("/topic"), Connections.options(false),
                        n == 0 ? onNode0 : onOthers, here);
            }
            publisher[0] = Connections.open(client, nodes.get(0).resolve("/topic"), Connections.options(false), onNode0, 1)[0];
            Thread.sleep(1500); // every node has subscribed on Redis

            for (int i = 0; i < IN_FLIGHT; i++) {
                published.incrementAndGet();
                publisher[0].sendText(filler);
            }
            Target counter = Target.at(nodes.get(0), -1);
            Window window = Window.measure(delivered, counter, measure);
            published.set(Long.MIN_VALUE); // stop chaining
            Thread.sleep(500);

            timing[0] = true;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(2) + measure.toNanos();
            long warmUpEnd = start + TimeUnit.SECONDS.toNanos(2);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (long due = start; due < end; due += interval) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // Before the warm-up ends, the stamp says so and the reply is not recorded.
                publisher[0].sendText("t" + (due >= warmUpEnd ? 1 : 0) + " " + due);
            }
            Thread.sleep(1000);
            for (WebSocket[] node : spread) {
                Connections.terminate(node);
            }
            Connections.terminate(publisher);
            synchronized (local) {
                return new Result(window.count() / window.seconds(),
                        local.getValueAtPercentile(50) / 1e3, local.getValueAtPercentile(99) / 1e3,
                        cross.getValueAtPercentile(50) / 1e3, cross.getValueAtPercentile(99) / 1e3, mismatches.get());
            }
        }
    }

    private static WebSocketListener listener(boolean onPublishersNode, AtomicLong delivered, AtomicLong published,
                                              AtomicLong mismatches, Histogram local, Histogram cross, boolean[] timing,
                                              WebSocket[] publisher, String filler, int expectedPerPublish) {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (timing[0]) {
                    long now = System.nanoTime();
                    if (!text.startsWith("t")) {
                        return; // a straggler of the throughput phase
                    }
                    if (text.charAt(1) == '1') {
                        long due = Long.parseLong(text.substring(3));
                        Histogram h = onPublishersNode ? local : cross;
                        synchronized (local) {
                            h.recordValue(Math.max(0, now - due));
                        }
                    }
                    return;
                }
                if (!text.equals(filler)) {
                    mismatches.incrementAndGet();
                }
                long got = delivered.incrementAndGet();
                long sent = published.get();
                if (sent > 0 && got >= (sent - IN_FLIGHT + 1) * expectedPerPublish && published.compareAndSet(sent, sent + 1)) {
                    publisher[0].sendText(filler);
                }
            }
        };
    }
}
