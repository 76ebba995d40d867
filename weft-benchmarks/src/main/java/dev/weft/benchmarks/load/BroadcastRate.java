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
 * per second, every delivery checked byte for byte. Offering permessage-deflate, it measures
 * what compressing for many costs (4 KiB of JSON to a thousand, say).
 */
public final class BroadcastRate implements Scenario {
    private static final int BROADCASTS_IN_FLIGHT = 4;
    private final String name;
    private final int connections;
    private final int size;
    private final boolean deflate;
    private final Duration measure;

    /**
     * @param name        the scenario's name
     * @param connections subscribers
     * @param size        the message's length, in bytes of JSON text
     * @param deflate     whether the subscribers offer permessage-deflate
     * @param measure     how long to measure, after a warm-up of the same load
     */
    public BroadcastRate(String name, int connections, int size, boolean deflate, Duration measure) {
        this.name = name;
        this.connections = connections;
        this.size = size;
        this.deflate = deflate;
        this.measure = measure;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return String.format("one %,d-byte text to each of %,d connections%s, %d broadcasts in flight → deliveries/s",
                size, connections, deflate ? " offering permessage-deflate" : "", BROADCASTS_IN_FLIGHT);
    }

    @Override
    public Measurement run(Target target) throws Exception {
        String message = Payloads.text(size);
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
                    Connections.options(deflate), subscriber, connections);
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
