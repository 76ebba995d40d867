package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handshakes per second: a fixed number of clients, each opening a connection, completing the
 * upgrade, closing it with the closing handshake, and starting again at once.
 */
public final class HandshakeRate implements Scenario {
    private final int concurrency;
    private final Duration measure;

    /**
     * @param concurrency clients cycling at once
     * @param measure     how long to measure, after a warm-up of the same load
     */
    public HandshakeRate(int concurrency, Duration measure) {
        this.concurrency = concurrency;
        this.measure = measure;
    }

    @Override
    public String name() {
        return "handshakes";
    }

    @Override
    public String description() {
        return "connections opened, upgraded and closed per second, " + concurrency + " at a time";
    }

    @Override
    public Measurement run(Target target) throws Exception {
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        URI uri = target.uri("/echo");
        ConnectOptions options = Connections.options(false);
        try (WebSocketClient client = Connections.client()) {
            WebSocketListener cycler = new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws) {
                    ws.close();
                }

                @Override
                public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                    (clean && code == 1000 ? completed : failed).incrementAndGet();
                    if (running.get()) {
                        next(client, uri, options, this, failed, running);
                    }
                }
            };
            for (int i = 0; i < concurrency; i++) {
                next(client, uri, options, cycler, failed, running);
            }
            Window window = Window.measure(completed, target, measure);
            running.set(false);
            Thread.sleep(500);
            return new Measurement(window.rateAndCpu("handshakes/s", "server CPU µs/handshake"),
                    failed.get() + window.emptyPenalty());
        }
    }

    /** Starts the next cycle; a failed connect counts and starts another, so the load stays constant. */
    private static void next(WebSocketClient client, URI uri, ConnectOptions options, WebSocketListener cycler,
                             AtomicLong failed, AtomicBoolean running) {
        client.connect(uri, options, cycler).whenComplete((ws, failure) -> {
            if (failure != null) {
                failed.incrementAndGet();
                if (running.get()) {
                    next(client, uri, options, cycler, failed, running);
                }
            }
        });
    }
}
