package dev.weft.internal.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The slots of a write queue: a ring of buffers, each with whether it came from the pool, the
 * future of the send it ends (if any), the bytes charged to that send (its size as the
 * application sees it) and the bytes it holds against the outbound budget (what it queued, if
 * compression made that less). A queue holds a ring
 * only while it has something to write and hands it back to its event loop's
 * {@link WriteQueue.Scratch} when it drains, so an idle connection carries no slots at all.
 * Loop thread only.
 */
final class WriteRing {
    /** Slots in a fresh ring; rings grown past this are not kept for reuse. */
    static final int INITIAL_SLOTS = 4;

    private ByteBuffer[] buffers = new ByteBuffer[INITIAL_SLOTS];
    private boolean[] pooled = new boolean[INITIAL_SLOTS];
    @SuppressWarnings("unchecked")
    private CompletableFuture<Void>[] futures = new CompletableFuture[INITIAL_SLOTS];
    private long[] charges = new long[INITIAL_SLOTS];
    private long[] held = new long[INITIAL_SLOTS];
    private int head;
    private int size;
    /** The bytes the queue holding this ring has yet to write; 0 when the ring is given back. */
    long bytes;

    int size() {
        return size;
    }

    /** Whether the ring is still the size it started with, so worth keeping for another queue. */
    boolean isInitialSize() {
        return buffers.length == INITIAL_SLOTS;
    }

    /** Appends a buffer with no send attached yet. */
    void add(ByteBuffer buffer, boolean fromPool) {
        if (size == buffers.length) {
            grow();
        }
        int i = slot(size);
        buffers[i] = buffer;
        pooled[i] = fromPool;
        size++;
    }

    /** The {@code k}th buffer from the head. */
    ByteBuffer buffer(int k) {
        return buffers[slot(k)];
    }

    /**
     * Attaches a send's future and charge to the last buffer.
     *
     * @throws IllegalStateException if that buffer already carries a send
     */
    void attachToLast(CompletableFuture<Void> future, long charge, long budgetHeld) {
        int i = slot(size - 1);
        if (futures[i] != null) {
            // Two sends ended on the same buffer: impossible, each send queues its own frames.
            throw new IllegalStateException("buffer already carries a send");
        }
        futures[i] = future;
        charges[i] = charge;
        held[i] = budgetHeld;
    }

    boolean headPooled() {
        return pooled[head];
    }

    CompletableFuture<Void> headFuture() {
        return futures[head];
    }

    long headCharge() {
        return charges[head];
    }

    long headHeld() {
        return held[head];
    }

    /** Forgets the head slot (the caller has read what it needed from it). */
    void removeHead() {
        int i = head;
        buffers[i] = null;
        futures[i] = null;
        charges[i] = 0;
        held[i] = 0;
        pooled[i] = false;
        head = (head + 1) & (buffers.length - 1);
        size--;
    }

    private int slot(int k) {
        return (head + k) & (buffers.length - 1);
    }

    private void grow() {
        int n = buffers.length;
        ByteBuffer[] b = new ByteBuffer[n * 2];
        boolean[] p = new boolean[n * 2];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] f = new CompletableFuture[n * 2];
        long[] c = new long[n * 2];
        long[] h = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int i = slot(k);
            b[k] = buffers[i];
            p[k] = pooled[i];
            f[k] = futures[i];
            c[k] = charges[i];
            h[k] = held[i];
        }
        buffers = b;
        pooled = p;
        futures = f;
        charges = c;
        held = h;
        head = 0;
    }
}
