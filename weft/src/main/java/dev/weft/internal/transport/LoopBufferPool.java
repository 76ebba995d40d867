package dev.weft.internal.transport;

import dev.weft.protocol.BufferPool;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Heap buffers for outgoing frames, kept per event loop so that no lock is taken. Sizes are
 * rounded up to powers of two from 64 bytes to 64 KiB; each size keeps at most a few hundred
 * idle buffers, so a burst does not pin memory for good. Larger requests are allocated and
 * left to the collector.
 */
final class LoopBufferPool implements BufferPool {
    private static final int MIN_SHIFT = 6;   // 64 bytes
    private static final int MAX_SHIFT = 16;  // 64 KiB
    private static final int MAX_IDLE_PER_CLASS = 256;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[MAX_SHIFT - MIN_SHIFT + 1];

    LoopBufferPool() {
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    @Override
    public ByteBuffer acquire(int capacity) {
        int shift = shiftFor(capacity);
        if (shift > MAX_SHIFT) {
            return ByteBuffer.allocate(capacity);
        }
        ByteBuffer b = free[shift - MIN_SHIFT].pollLast();
        return b != null ? b.clear() : ByteBuffer.allocate(1 << shift);
    }

    @Override
    public void release(ByteBuffer buffer) {
        int cap = buffer.capacity();
        if (Integer.bitCount(cap) != 1 || cap < (1 << MIN_SHIFT) || cap > (1 << MAX_SHIFT) || buffer.isDirect()) {
            return;
        }
        ArrayDeque<ByteBuffer> q = free[Integer.numberOfTrailingZeros(cap) - MIN_SHIFT];
        if (q.size() < MAX_IDLE_PER_CLASS) {
            q.addLast(buffer);
        }
    }

    private static int shiftFor(int capacity) {
        if (capacity <= (1 << MIN_SHIFT)) {
            return MIN_SHIFT;
        }
        return 32 - Integer.numberOfLeadingZeros(capacity - 1);
    }
}
