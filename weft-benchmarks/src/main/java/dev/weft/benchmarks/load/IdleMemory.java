package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory per idle connection: the server's resident memory before and after this many
 * connections are open, each having exchanged one message (so whatever a server allocates
 * lazily is allocated) and then gone quiet. A JVM server is asked to collect garbage before each
 * reading, so the figure is what connections keep, not what the collector has not reached yet.
 */
public final class IdleMemory implements Scenario {
    private final int connections;

    /** @param connections how many idle connections to hold open */
    public IdleMemory(int connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String description() {
        return String.format("server resident memory per idle connection, %,d connections (RSS after - before)",
                connections);
    }

    @Override
    public Measurement run(Target target) throws Exception {
        if (target.pid() <= 0) {
            throw new IllegalArgumentException("the memory scenario reads the server's memory: it needs its pid");
        }
        String hello = Payloads.text(32);
        CountDownLatch echoed = new CountDownLatch(connections);
        AtomicLong mismatches = new AtomicLong();
        WebSocketListener once = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String reply) {
                if (!reply.equals(hello)) {
                    mismatches.incrementAndGet();
                }
                echoed.countDown();
            }
        };
        ProcessStats.collectGarbageIfJvm(target.pid());
        Thread.sleep(500);
        long before = ProcessStats.residentBytes(target.pid());
        try (WebSocketClient client = Connections.client()) {
            WebSocket[] sockets = Connections.open(client, target.uri("/echo"), Connections.options(false), once,
                    connections);
            for (WebSocket ws : sockets) {
                ws.sendText(hello);
            }
            if (!echoed.await(60, TimeUnit.SECONDS)) {
                mismatches.addAndGet(echoed.getCount());
            }
            Thread.sleep(1000);
            ProcessStats.collectGarbageIfJvm(target.pid());
            Thread.sleep(500);
            long after = ProcessStats.residentBytes(target.pid());
            Connections.terminate(sockets);
            return new Measurement(List.of(Figure.less("KiB/connection", (after - before) / 1024.0 / connections),
                    Figure.less("RSS MiB with connections", after / 1048576.0),
                    Figure.less("RSS MiB before", before / 1048576.0)), mismatches.get());
        }
    }
}
