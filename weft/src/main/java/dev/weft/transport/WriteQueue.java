package dev.weft.transport;

import dev.weft.protocol.BufferPool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes a connection has yet to write, in order, as a ring of buffers written with one
 * gathering write per flush. Each buffer may carry the future of the send it ends and the
 * bytes charged to that send, completed and uncharged once the buffer is fully written.
 * Loop thread only.
 */
final class WriteQueue {
    private static final int MAX_GATHER = 64;

    private static final int INITIAL_SLOTS = 4;
    private ByteBuffer[] buffers = new ByteBuffer[INITIAL_SLOTS];
    private boolean[] pooled = new boolean[INITIAL_SLOTS];
    @SuppressWarnings("unchecked")
    private CompletableFuture<Void>[] futures = new CompletableFuture[INITIAL_SLOTS];
    private long[] charges = new long[INITIAL_SLOTS];
    private int head;
    private int size;
    private long bytes;
    // Shared by every queue on one event loop (writes happen only on its thread), so an idle
    // connection does not carry an array it uses only while writing.
    private final ByteBuffer[] gather;
    private final BufferPool pool;

    WriteQueue(BufferPool pool, ByteBuffer[] gather) {
        this.pool = pool;
        this.gather = gather;
    }

    /** A scratch array for one event loop's gathering writes. */
    static ByteBuffer[] gatherScratch() {
        return new ByteBuffer[MAX_GATHER];
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bytes queued and not yet written. */
    long bytes() {
        return bytes;
    }

    /** Queues a buffer; {@code fromPool} says whether to release it to the pool once written. */
    void add(ByteBuffer buffer, boolean fromPool) {
        if (size == buffers.length) {
            grow();
        }
        int i = (head + size) & (buffers.length - 1);
        buffers[i] = buffer;
        pooled[i] = fromPool;
        futures[i] = null;
        charges[i] = 0;
        size++;
        bytes += buffer.remaining();
    }

    /** How many buffers are queued: a mark to compare with after a send. */
    int count() {
        return size;
    }

    /**
     * Attaches a send's future and charge to the last buffer queued. Returns false if nothing
     * was queued since the caller's mark, in which case the caller completes the future itself.
     */
    boolean attachToLast(int mark, CompletableFuture<Void> future, long charge) {
        if (size == mark) {
            return false;
        }
        int i = (head + size - 1) & (buffers.length - 1);
        if (futures[i] != null) {
            // Two sends ended on the same buffer: impossible, each send queues its own frames.
            throw new IllegalStateException("buffer already carries a send");
        }
        futures[i] = future;
        charges[i] = charge;
        return true;
    }

    /**
     * Writes as much as the channel takes.
     *
     * @param done receives the futures and charges of every send fully written
     * @return true if the queue is now empty
     */
    boolean writeTo(GatheringByteChannel channel, Completion done) throws IOException {
        while (size > 0) {
            int n = Math.min(size, MAX_GATHER);
            int mask = buffers.length - 1;
            for (int k = 0; k < n; k++) {
                gather[k] = buffers[(head + k) & mask];
            }
            bytes -= n == 1 ? channel.write(gather[0]) : channel.write(gather, 0, n);
            java.util.Arrays.fill(gather, 0, n, null);
            int retired = 0;
            while (size > 0 && retired < n && !buffers[head].hasRemaining()) {
                retireHead(done);
                retired++;
            }
            if (retired < n) {
                return false; // the socket took less than offered: it is full for now
            }
        }
        return true;
    }

    private void retireHead(Completion done) {
        int i = head;
        if (pooled[i]) {
            pool.release(buffers[i]);
        }
        CompletableFuture<Void> f = futures[i];
        long charge = charges[i];
        buffers[i] = null;
        futures[i] = null;
        head = (head + 1) & (buffers.length - 1);
        size--;
        if (f != null || charge != 0) {
            done.written(f, charge);
        }
    }

    /** Drops everything queued, failing the sends' futures with {@code cause}; returns the charges dropped. */
    long discard(Throwable cause) {
        long charged = 0;
        while (size > 0) {
            int i = head;
            if (pooled[i]) {
                pool.release(buffers[i]);
            }
            if (futures[i] != null) {
                futures[i].completeExceptionally(cause);
            }
            charged += charges[i];
            bytes -= buffers[i].remaining();
            buffers[i] = null;
            futures[i] = null;
            head = (head + 1) & (buffers.length - 1);
            size--;
        }
        return charged;
    }

    private void grow() {
        int n = buffers.length;
        ByteBuffer[] b = new ByteBuffer[n * 2];
        boolean[] p = new boolean[n * 2];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] f = new CompletableFuture[n * 2];
        long[] c = new long[n * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (n - 1);
            b[k] = buffers[i];
            p[k] = pooled[i];
            f[k] = futures[i];
            c[k] = charges[i];
        }
        buffers = b;
        pooled = p;
        futures = f;
        charges = c;
        head = 0;
    }

    /** Told about each send whose bytes have all been written. */
    interface Completion {
        void written(CompletableFuture<Void> future, long charge);
    }
}
