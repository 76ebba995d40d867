package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broadcast: many connections subscribed to the server's broadcast path; one of them publishes
 * a message, the server sends it to all, and the publisher keeps a few broadcasts in flight
 * (the next goes out once all but that many have been delivered everywhere). Measures deliveries
 * per second, every delivery checked byte for byte.
 */
public final class BroadcastRate implements Scenario {
    private static final int BROADCASTS_IN_FLIGHT = 4;
    private final int connections;
    private final Duration measure;

    /**
     * @param connections subscribers
     * @param measure     how long to measure, after a warm-up of the same load
     */
    public BroadcastRate(int connections, Duration measure) {
        this.connections = connections;
        this.measure = measure;
    }

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public String description() {
        return String.format("one 32-byte text to each of %,d connections, %d broadcasts in flight → deliveries/s",
                connections, BROADCASTS_IN_FLIGHT);
    }

    @Override
    public Measurement run(Target target) throws Exception {
        String message = Payloads.text(32);
        AtomicLong delivered = new AtomicLong();
        AtomicLong published = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        WebSocket[][] publisher = new WebSocket[1][];
        WebSocketListener subscriber = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (!text.equals(message)) {
                    mismatches.incrementAndGet();
                }
                long got = delivered.incrementAndGet();
                long sent = published.get();
                // Publish the next once everything but the last few broadcasts has arrived.
                if (got >= (sent - BROADCASTS_IN_FLIGHT + 1) * connections && published.compareAndSet(sent, sent + 1)) {
                    publisher[0][0].sendText(message);
                }
            }
        };
        try (WebSocketClient client = Connections.client()) {
            WebSocket[] sockets = Connections.open(client, target.uri(target.broadcastPath()),
                    Connections.options(false), subscriber, connections);
            publisher[0] = sockets;
            Thread.sleep(500); // every server has registered its subscribers
            for (int i = 0; i < BROADCASTS_IN_FLIGHT; i++) {
                published.incrementAndGet();
                sockets[0].sendText(message);
            }
            Window window = Window.measure(delivered, target, measure);
            Connections.terminate(sockets);
            return new Measurement(window.rateAndCpu("deliveries/s", "server CPU µs/delivery"),
                    mismatches.get() + window.emptyPenalty());
        }
    }
}
