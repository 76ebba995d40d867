package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory per idle connection, in two waves: a first wave of connections is opened, each
 * exchanges one message (so whatever a server allocates lazily is allocated), and all are closed
 * again; then a second wave of as many is opened the same way and left idle. The first wave lets
 * every JVM server compile its paths and touch its young generation alike; the second shows what
 * a connection keeps once that is done. The RSS of both waves is reported, the live heap of the second.
 *
 * <p>A JVM server's live heap is read with a class histogram, which runs a full collection first,
 * so the RSS read after it is what connections keep, not what the collector has not reached yet.
 * Even so a JVM's RSS follows its heap sizing (the second wave reuses pages the first touched,
 * flattering every JVM server alike), so the live heap per connection is the figure that says
 * what the library itself keeps. {@code nio-floor}, a bare NIO server, gives the JDK's own share
 * of it in the same run.
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
        return String.format("server memory per idle connection%s, a second wave of %,d connections after a first "
                + "as large was opened and closed: its live heap after a full collection (JVM servers), and RSS, after - "
                + "before, for each wave", deflate
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
            Wave first = wave(client, target, mismatches, false);
            closeAll(first.sockets, mismatches);
            Wave second = wave(client, target, mismatches, true);
            Connections.terminate(second.sockets);
            return new Measurement(List.of(Figure.less("RSS KiB/connection", second.residentKiBPerConnection()),
                    Figure.less("live heap KiB/connection", second.heapKiBPerConnection()),
                    Figure.less("first wave: RSS KiB/connection", first.residentKiBPerConnection()),
                    Figure.less("RSS MiB with connections", second.residentAfter / 1048576.0),
                    Figure.less("RSS MiB before", first.residentBefore / 1048576.0)), mismatches.get());
        }
    }

    /** One wave's connections and the server's memory before and after they opened. */
    private final class Wave {
        WebSocket[] sockets;
        long heapBefore;
        long heapAfter;
        long residentBefore;
        long residentAfter;

        double heapKiBPerConnection() {
            return heapBefore < 0 ? -1 : (heapAfter - heapBefore) / 1024.0 / connections;
        }

        double residentKiBPerConnection() {
            return (residentAfter - residentBefore) / 1024.0 / connections;
        }
    }

    /**
     * Opens a wave of idle connections, reading the server's RSS before and after, and with
     * {@code liveHeap} its live heap too. The first wave's live heap is not read: a class
     * histogram taken while connections are open leaves a JVM holding a megabyte or so of
     * {@code int[]} after they close, which the next wave's reading would then count against it
     * (seen on the bare NIO server: 659 bytes per connection of 2,000).
     */
    private Wave wave(WebSocketClient client, Target target, AtomicLong mismatches, boolean liveHeap) throws Exception {
        Wave wave = new Wave();
        wave.heapBefore = liveHeap ? ProcessStats.liveHeapBytes(target.pid()) : -1;
        wave.residentBefore = liveHeap ? residentSettled(target) : ProcessStats.residentBytes(target.pid());
        wave.sockets = openIdle(client, target, mismatches);
        Thread.sleep(1000);
        wave.heapAfter = liveHeap ? ProcessStats.liveHeapBytes(target.pid()) : -1;
        wave.residentAfter = liveHeap ? residentSettled(target) : ProcessStats.residentBytes(target.pid());
        return wave;
    }

    /** Closes a wave with closing handshakes, as clients leaving would; counts those that do not finish. */
    private static void closeAll(WebSocket[] sockets, AtomicLong mismatches) throws Exception {
        CompletableFuture<?>[] closed = new CompletableFuture<?>[sockets.length];
        for (int i = 0; i < sockets.length; i++) {
            closed[i] = sockets[i].close(1000, "");
        }
        try {
            CompletableFuture.allOf(closed).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            mismatches.addAndGet(java.util.Arrays.stream(closed).filter(f -> !f.isDone() || f.isCompletedExceptionally()).count());
            Connections.terminate(sockets);
        }
        Thread.sleep(1000); // the server sees the last closes and lets go of them
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
