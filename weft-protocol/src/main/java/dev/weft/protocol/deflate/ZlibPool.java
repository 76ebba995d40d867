package dev.weft.protocol.deflate;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw-deflate zlib contexts for permessage-deflate, kept for reuse so that connections that
 * reset their context after every message hold none while idle, and counted so that a leak
 * shows: {@link #live()} counts the contexts in use (not idle in a pool) and is back to zero
 * once every connection has closed. A context is ended on release past the idle bound, or by
 * the codec when its connection closes; idle ones are ended by the JDK's cleaner when their
 * pool is dropped.
 */
final class ZlibPool {
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final int level;
    private final int maxIdle;
    private final ConcurrentLinkedDeque<Deflater> deflaters = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Inflater> inflaters = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idle = new AtomicInteger();

    ZlibPool(int level, int maxIdle) {
        this.level = level;
        this.maxIdle = maxIdle;
    }

    /** zlib contexts in use in this process: held by a connection's codec, not idle in a pool. */
    static int live() {
        return LIVE.get();
    }

    Deflater deflater() {
        LIVE.incrementAndGet();
        Deflater d = deflaters.pollLast();
        if (d != null) {
            idle.decrementAndGet();
            return d;
        }
        return new Deflater(level, true);
    }

    Inflater inflater() {
        LIVE.incrementAndGet();
        Inflater i = inflaters.pollLast();
        if (i != null) {
            idle.decrementAndGet();
            return i;
        }
        return new Inflater(true);
    }

    /** Takes a deflater back, reset, or ends it if enough are idle already. */
    void release(Deflater d) {
        d.reset();
        if (idle.incrementAndGet() <= maxIdle) {
            LIVE.decrementAndGet();
            deflaters.addLast(d);
        } else {
            idle.decrementAndGet();
            end(d);
        }
    }

    /** Takes an inflater back, reset, or ends it if enough are idle already. */
    void release(Inflater i) {
        i.reset();
        if (idle.incrementAndGet() <= maxIdle) {
            LIVE.decrementAndGet();
            inflaters.addLast(i);
        } else {
            idle.decrementAndGet();
            end(i);
        }
    }

    /** Idle contexts kept for reuse. */
    int idle() {
        return idle.get();
    }

    static void end(Deflater d) {
        d.end();
        LIVE.decrementAndGet();
    }

    static void end(Inflater i) {
        i.end();
        LIVE.decrementAndGet();
    }
}
