package dev.weft.internal.transport;

import dev.weft.Ticker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed set of {@link EventLoop}s; new connections are spread over them in turn. */
public final class EventLoopGroup implements AutoCloseable {
    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param threads how many loops; 0 means one per available processor
     * @param name    the prefix of the loop threads' names
     * @param ticker  the clock the loops' timers run on
     */
    public EventLoopGroup(int threads, String name, Ticker ticker) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop(name + "-" + i, i, ticker);
            loops[i].start();
        }
    }

    /** The loop for the next connection. */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** The loop at {@code index}, from 0 to {@link #size()} - 1. */
    EventLoop loop(int index) {
        return loops[index];
    }

    /** How many loops there are. */
    public int size() {
        return loops.length;
    }

    /** Stops every loop and waits up to {@code timeoutMillis} for their threads to finish. */
    public void shutdown(long timeoutMillis) {
        for (EventLoop l : loops) {
            l.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (EventLoop l : loops) {
            try {
                l.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        shutdown(5000);
    }
}
