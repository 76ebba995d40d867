package dev.weft.internal.transport;

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
 *
 * <p>Every link is one (through {@link Settlement}, the account of finished sends it feeds), so
 * an idle connection carries one field for its queue and no object of its own.
 */
abstract class WriteQueue {
    private static final int MAX_GATHER = 64;
    /** The most of one heap buffer offered to a socket per write (see {@link #writeGathered}). */
    private static final int HEAP_WRITE_LIMIT = 256 * 1024;
    /** What a write did: the channel took less than offered (it is full for now). */
    private static final int TOOK_LESS = 0;
    /** What a write did: the channel took all it was offered. */
    private static final int TOOK_ALL = 1;
    /** What a write did: the channel took all it was offered, a slice of a large heap buffer whose rest waits. */
    private static final int TOOK_SLICE = 2;

    // Null while nothing is queued: borrowed from the scratch when the first buffer arrives.
    // It also counts the bytes queued, so an idle connection keeps no count.
    private WriteRing ring;
    // Shared by every queue on one event loop (writes happen only on its thread), so an idle
    // connection does not carry what it uses only while writing.

    /** The loop's scratch space, which this queue borrows its ring from while it holds something. */
    abstract Scratch scratch();

    /** Where pooled buffers go back once written. */
    abstract BufferPool pool();

    /**
     * One event loop's scratch space for writing: a gathering array, a direct staging buffer,
     * and the rings of slots that queues borrow while they hold something.
     */
    static final class Scratch {
        static final int STAGING_BYTES = 64 * 1024;
        // Spares are kept up to the most queues that held something at once (a broadcast to
        // every connection borrows one ring each, all in one turn), so a steady load allocates
        // none; this only stops a pathological peak from being kept for good.
        private static final int MAX_SPARE_RINGS = 65_536;
        final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
        final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
        private WriteRing[] spareRings = new WriteRing[16];
        private int spares;

        WriteRing borrowRing() {
            return spares == 0 ? new WriteRing() : takeSpare();
        }

        private WriteRing takeSpare() {
            WriteRing r = spareRings[--spares];
            spareRings[spares] = null;
            return r;
        }

        void giveBack(WriteRing ring) {
            // A grown ring belonged to a backlogged connection: not worth its memory for the next.
            if (!ring.isInitialSize() || spares == MAX_SPARE_RINGS) {
                return;
            }
            if (spares == spareRings.length) {
                spareRings = java.util.Arrays.copyOf(spareRings, spares * 2);
            }
            spareRings[spares++] = ring;
        }

        /** Spare rings held, for tests. */
        int spareRings() {
            return spares;
        }
    }

    final boolean isEmpty() {
        return ring == null;
    }

    /** The bytes queued and not yet written. */
    final long bytes() {
        return ring == null ? 0 : ring.bytes;
    }

    /** Queues a buffer; {@code fromPool} says whether to release it to the pool once written. */
    final void add(ByteBuffer buffer, boolean fromPool) {
        if (ring == null) {
            ring = scratch().borrowRing();
        }
        ring.add(buffer, fromPool);
        ring.bytes += buffer.remaining();
    }

    /** How many buffers are queued: a mark to compare with after a send. */
    final int count() {
        return ring == null ? 0 : ring.size();
    }

    /**
     * Attaches a send's future and charge to the last buffer queued. Returns false if nothing
     * was queued since the caller's mark, in which case the caller completes the future itself.
     */
    final boolean attachToLastQueued(int mark, CompletableFuture<Void> future, long charge, long held) {
        if (count() == mark) {
            return false;
        }
        ring.attachToLast(future, charge, held);
        return true;
    }

    /**
     * Writes as much as the channel takes.
     *
     * @param done receives the futures and charges of every send fully written
     * @return true if the queue is now empty
     */
    final boolean writeTo(GatheringByteChannel channel, Completion done) throws IOException {
        boolean staged = channel instanceof SocketChannel;
        while (ring != null) {
            // Stage only when everything queued fits: otherwise one gathering write beats staging
            // the small buffers and writing the large one after (two system calls).
            int outcome = staged && ring.bytes <= Scratch.STAGING_BYTES ? writeStaged(channel) : writeGathered(channel);
            while (ring != null && !ring.buffer(0).hasRemaining()) {
                retireHead(done);
            }
            if (outcome == TOOK_LESS) {
                return false; // the channel took less than offered: it is full for now
            }
            if (outcome == TOOK_SLICE && staged) {
                // A socket yields to the loop after each slice of a large heap buffer, which reads
                // in between: writing on until the socket is full measured 20% slower echoing
                // 1 MiB messages. A servlet stream is written on: it calls back only once it has
                // been not ready.
                return false;
            }
        }
        return true;
    }

    /** Copies the queued buffers into the staging buffer and writes it; returns {@link #TOOK_ALL} or {@link #TOOK_LESS}. */
    private int writeStaged(GatheringByteChannel channel) throws IOException {
        ByteBuffer staging = scratch().staging.clear();
        int size = ring.size();
        int n = 0;
        while (n < size) {
            ByteBuffer b = ring.buffer(n);
            int r = b.remaining();
            if (r > staging.remaining()) {
                break;
            }
            staging.put(staging.position(), b, b.position(), r);
            staging.position(staging.position() + r);
            n++;
        }
        int offered = staging.flip().remaining();
        int written = channel.write(staging);
        ring.bytes -= written;
        int outcome = written == offered ? TOOK_ALL : TOOK_LESS;
        // Advance the queued buffers past what the socket took; the rest is staged again next time.
        for (int k = 0; written > 0; k++) {
            ByteBuffer b = ring.buffer(k);
            int step = Math.min(written, b.remaining());
            b.position(b.position() + step);
            written -= step;
        }
        return outcome;
    }

    /**
     * Writes up to {@link #MAX_GATHER} queued buffers with one gathering write; returns what it
     * did ({@link #TOOK_LESS}, {@link #TOOK_ALL}, or {@link #TOOK_SLICE} when the channel took
     * all it was offered but that was a slice of a large buffer). A heap buffer is offered at most {@link #HEAP_WRITE_LIMIT} bytes at a time,
     * and nothing after it: the JDK copies every heap byte offered into a direct buffer before
     * the system call, all of it again on the next call for what the socket did not take, so a
     * megabyte offered to a socket that takes a quarter of it would be copied about ten times.
     */
    private int writeGathered(GatheringByteChannel channel) throws IOException {
        ByteBuffer[] gather = scratch().gather;
        int n = Math.min(ring.size(), MAX_GATHER);
        ByteBuffer capped = null;
        long offered = 0;
        for (int k = 0; k < n; k++) {
            ByteBuffer b = ring.buffer(k);
            if (!b.isDirect() && b.remaining() > HEAP_WRITE_LIMIT) {
                capped = b;
                gather[k] = b.slice(b.position(), HEAP_WRITE_LIMIT);
                offered += HEAP_WRITE_LIMIT;
                n = k + 1;
                break;
            }
            gather[k] = b;
            offered += b.remaining();
        }
        long written = n == 1 ? channel.write(gather[0]) : channel.write(gather, 0, n);
        ring.bytes -= written;
        if (capped != null) {
            capped.position(capped.position() + gather[n - 1].position());
        }
        java.util.Arrays.fill(gather, 0, n, null);
        if (written < offered) {
            return TOOK_LESS;
        }
        return capped != null ? TOOK_SLICE : TOOK_ALL;
    }

    private void retireHead(Completion done) {
        if (ring.headPooled()) {
            pool().release(ring.buffer(0));
        }
        CompletableFuture<Void> f = ring.headFuture();
        long charge = ring.headCharge();
        long held = ring.headHeld();
        removeHead();
        if (f != null || charge != 0) {
            done.written(f, charge, held);
        }
    }

    /**
     * Drops everything queued, telling {@code done} of each send whose bytes will never be
     * written (it fails their futures with {@code cause}); returns the charges dropped.
     */
    final long discard(Throwable cause, Completion done) {
        long charged = 0;
        while (ring != null) {
            ByteBuffer b = ring.buffer(0);
            if (ring.headPooled()) {
                pool().release(b);
            }
            CompletableFuture<Void> f = ring.headFuture();
            long charge = ring.headCharge();
            long held = ring.headHeld();
            if (f != null || charge != 0) {
                done.dropped(f, charge, held, cause);
            }
            charged += charge;
            ring.bytes -= b.remaining();
            removeHead();
        }
        return charged;
    }

    /** Removes the head slot, giving the ring back once it is empty. */
    private void removeHead() {
        ring.removeHead();
        if (ring.size() == 0) {
            scratch().giveBack(ring);
            ring = null;
        }
    }

    /** Told about each send whose bytes have all been written, or dropped. */
    interface Completion {
        /**
         * A send's bytes were all written; {@code future} may be null.
         *
         * @param charge its charge to the connection's queue
         * @param held   what it held against the outbound memory budget
         */
        void written(CompletableFuture<Void> future, long charge, long held);

        /** A send's bytes were dropped unwritten; by default its future fails with {@code cause}. */
        default void dropped(CompletableFuture<Void> future, long charge, long held, Throwable cause) {
            if (future != null) {
                future.completeExceptionally(cause);
            }
        }
    }
}
