package dev.weft.transport;

import dev.weft.protocol.BufferPool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes a connection has yet to write, in order, as a ring of buffers written with one
 * write per flush. Each buffer may carry the future of the send it ends and the bytes charged
 * to that send, completed and uncharged once the buffer is fully written. Loop thread only.
 *
 * <p>To a plain socket, queued buffers that fit are first copied into the loop's direct staging
 * buffer and written with one {@code write}: the JDK would otherwise copy every heap buffer of
 * a gathering write into a temporary direct buffer of its own, one lookup and one copy per
 * buffer, which cost a sixth of the server's time echoing small messages. When more is queued
 * than the staging buffer holds, and for everything written through TLS (which copies into its
 * own packet buffer anyway), one gathering write is used instead.
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
    // connection does not carry what it uses only while writing.
    private final Scratch scratch;
    private final BufferPool pool;

    WriteQueue(BufferPool pool, Scratch scratch) {
        this.pool = pool;
        this.scratch = scratch;
    }

    /** One event loop's scratch space for writing: a gathering array and a direct staging buffer. */
    static final class Scratch {
        static final int STAGING_BYTES = 64 * 1024;
        final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
        final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
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
        boolean staged = channel instanceof SocketChannel;
        while (size > 0) {
            // Stage only when everything queued fits: otherwise one gathering write beats staging
            // the small buffers and writing the large one after (two system calls).
            int n = staged && bytes <= Scratch.STAGING_BYTES ? writeStaged(channel) : writeGathered(channel);
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

    /** Copies the queued buffers into the staging buffer and writes it; returns how many were offered. */
    private int writeStaged(GatheringByteChannel channel) throws IOException {
        ByteBuffer staging = scratch.staging.clear();
        int mask = buffers.length - 1;
        int n = 0;
        while (n < size) {
            ByteBuffer b = buffers[(head + n) & mask];
            int r = b.remaining();
            if (r > staging.remaining()) {
                break;
            }
            staging.put(staging.position(), b, b.position(), r);
            staging.position(staging.position() + r);
            n++;
        }
        int written = channel.write(staging.flip());
        bytes -= written;
        // Advance the queued buffers past what the socket took; the rest is staged again next time.
        for (int k = 0; written > 0; k++) {
            ByteBuffer b = buffers[(head + k) & mask];
            int step = Math.min(written, b.remaining());
            b.position(b.position() + step);
            written -= step;
        }
        return n;
    }

    /** Writes up to {@link #MAX_GATHER} queued buffers with one gathering write; returns how many were offered. */
    private int writeGathered(GatheringByteChannel channel) throws IOException {
        ByteBuffer[] gather = scratch.gather;
        int n = Math.min(size, MAX_GATHER);
        int mask = buffers.length - 1;
        for (int k = 0; k < n; k++) {
            gather[k] = buffers[(head + k) & mask];
        }
        bytes -= n == 1 ? channel.write(gather[0]) : channel.write(gather, 0, n);
        java.util.Arrays.fill(gather, 0, n, null);
        return n;
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
