package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Echo throughput: many connections, each keeping a fixed number of messages in flight, every
 * echo compared byte for byte with what was sent. Measures messages (and bytes) per second and
 * the server's CPU time per message, which still ranks servers when the generator is the limit.
 */
public final class EchoThroughput implements Scenario {
    private final String name;
    private final int connections;
    private final int inFlight;
    private final int size;
    private final boolean binary;
    private final boolean deflate;
    private final Duration measure;

    /**
     * @param name        the scenario's name
     * @param connections how many connections
     * @param inFlight    messages each keeps in flight
     * @param size        message size in bytes
     * @param binary      binary messages rather than text
     * @param deflate     offer permessage-deflate and compress every message
     * @param measure     how long to measure, after a warm-up of the same load
     */
    public EchoThroughput(String name, int connections, int inFlight, int size, boolean binary, boolean deflate,
                          Duration measure) {
        this.name = name;
        this.connections = connections;
        this.inFlight = inFlight;
        this.size = size;
        this.binary = binary;
        this.deflate = deflate;
        this.measure = measure;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return String.format("echo, %d connections × %d in flight, %,d-byte %s (JSON)%s", connections, inFlight, size,
                binary ? "binary" : "text", deflate ? ", permessage-deflate on every message" : "");
    }

    @Override
    public Measurement run(Target target) throws Exception {
        String text = Payloads.text(size);
        ByteBuffer bytes = ByteBuffer.wrap(Payloads.binary(size)).asReadOnlyBuffer();
        AtomicLong received = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        WebSocketListener echoer = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String reply) {
                if (binary || !reply.equals(text)) {
                    mismatches.incrementAndGet();
                }
                received.incrementAndGet();
                if (running.get()) {
                    ws.sendText(text);
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer reply) {
                if (!binary || !reply.equals(bytes)) {
                    mismatches.incrementAndGet();
                }
                received.incrementAndGet();
                if (running.get()) {
                    ws.sendBinary(bytes.duplicate());
                }
            }
        };
        try (WebSocketClient client = Connections.client()) {
            WebSocket[] sockets = Connections.open(client, target.uri("/echo"), Connections.options(deflate), echoer,
                    connections);
            for (WebSocket ws : sockets) {
                for (int k = 0; k < inFlight; k++) {
                    if (binary) {
                        ws.sendBinary(bytes.duplicate());
                    } else {
                        ws.sendText(text);
                    }
                }
            }
            Window window = Window.measure(received, target, measure);
            running.set(false);
            Thread.sleep(200);
            Connections.terminate(sockets);
            List<Figure> figures = new ArrayList<>();
            if (size >= 4096) {
                figures.add(Figure.more("MB/s", window.count() * (double) size / window.seconds() / 1e6));
            }
            figures.addAll(window.rateAndCpu("messages/s", "server CPU µs/message"));
            return new Measurement(figures, mismatches.get() + window.emptyPenalty());
        }
    }
}
