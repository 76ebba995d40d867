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
 * lazily is allocated) and then gone quiet.
 *
 * <p>A JVM server's live heap is read first, with a class histogram that runs a full
 * collection, so the RSS read after it is what connections keep, not what the collector has
 * not reached yet. Even so a JVM's RSS follows its
 * heap sizing (the young generation is touched in full while connections open, whoever the
 * server is), so for JVM servers the live heap per connection (a class histogram's total after a
 * full collection) is reported beside it: what the library itself keeps for each connection.
 */
public final class IdleMemory implements Scenario {
    private final int connections;
    private final boolean deflate;

    /**
     * @param connections how many idle connections to hold open
     * @param deflate     whether they negotiate permessage-deflate (context takeover both ways,
     *                    as browsers and ws ask) and exchange a 2 KiB message compressed both ways,
     *                    so each side's compression state exists
     */
    public IdleMemory(int connections, boolean deflate) {
        this.connections = connections;
        this.deflate = deflate;
    }

    @Override
    public String name() {
        return deflate ? "memory-deflate" : "memory";
    }

    @Override
    public String description() {
        return String.format("server memory per idle connection%s, %,d connections: RSS after - before, and for JVM "
                + "servers the live heap after a full collection", deflate
                ? " that compressed a 2 KiB message each way (permessage-deflate, context takeover unless the server "
                + "imposes none)" : "", connections);
    }

    @Override
    public Measurement run(Target target) throws Exception {
        if (target.pid() <= 0) {
            throw new IllegalArgumentException("the memory scenario reads the server's memory: it needs its pid");
        }
        AtomicLong mismatches = new AtomicLong();
        try (WebSocketClient client = Connections.client()) {
            long heapBefore = ProcessStats.liveHeapBytes(target.pid());
            long before = residentSettled(target);
            WebSocket[] sockets = openIdle(client, target, mismatches);
            Thread.sleep(1000);
            long heapAfter = ProcessStats.liveHeapBytes(target.pid());
            long after = residentSettled(target);
            Connections.terminate(sockets);
            return new Measurement(List.of(Figure.less("RSS KiB/connection", (after - before) / 1024.0 / connections),
                    Figure.less("live heap KiB/connection", heapBefore < 0 ? -1 : (heapAfter - heapBefore) / 1024.0 / connections),
                    Figure.less("RSS MiB with connections", after / 1048576.0),
                    Figure.less("RSS MiB before", before / 1048576.0)), mismatches.get());
        }
    }

    /** Opens the connections and has each exchange one message; counts wrong or missing echoes. */
    private WebSocket[] openIdle(WebSocketClient client, Target target, AtomicLong mismatches) throws Exception {
        String hello = Payloads.text(deflate ? 2048 : 32);
        CountDownLatch echoed = new CountDownLatch(connections);
        WebSocketListener once = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String reply) {
                if (!reply.equals(hello)) {
                    mismatches.incrementAndGet();
                }
                echoed.countDown();
            }
        };
        WebSocket[] sockets = Connections.open(client, target.uri("/echo"), Connections.options(deflate), once,
                connections);
        for (WebSocket ws : sockets) {
            ws.sendText(hello);
        }
        if (!echoed.await(60, TimeUnit.SECONDS)) {
            mismatches.addAndGet(echoed.getCount());
        }
        return sockets;
    }

    /** RSS a moment after the full collection the live-heap reading ran (a JVM gives memory back lazily). */
    private static long residentSettled(Target target) throws Exception {
        Thread.sleep(500);
        return ProcessStats.residentBytes(target.pid());
    }
}
