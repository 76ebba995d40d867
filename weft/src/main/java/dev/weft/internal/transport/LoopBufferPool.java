package dev.weft.internal.transport;

import dev.weft.protocol.BufferPool;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Buffers kept per event loop so that no lock is taken: heap buffers for outgoing frames, and
 * direct buffers for binary messages lent to listeners (which may go back to a socket as they
 * are). Sizes are rounded up to powers of two, from 64 bytes to 64 KiB for heap buffers and to
 * 1 MiB for direct ones; each size keeps a bounded number of idle buffers (a few hundred heap
 * ones, at most 4 MiB of direct ones), so a burst does not pin memory for good. Larger requests
 * are allocated and left to the collector.
 */
final class LoopBufferPool implements BufferPool {
    private static final int MIN_SHIFT = 6;   // 64 bytes
    private static final int MAX_SHIFT = 16;  // 64 KiB
    private static final int MAX_DIRECT_SHIFT = 20;  // 1 MiB
    private static final int MAX_IDLE_PER_CLASS = 256;
    private static final int MAX_IDLE_DIRECT_BYTES_PER_CLASS = 4 << 20;

    private final ArrayDeque<ByteBuffer>[] free = classes(MAX_SHIFT);
    private final ArrayDeque<ByteBuffer>[] freeDirect = classes(MAX_DIRECT_SHIFT);

    @SuppressWarnings("unchecked")
    private static ArrayDeque<ByteBuffer>[] classes(int maxShift) {
        ArrayDeque<ByteBuffer>[] classes = new ArrayDeque[maxShift - MIN_SHIFT + 1];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = new ArrayDeque<>();
        }
        return classes;
    }

    @Override
    public ByteBuffer acquire(int capacity) {
        return take(free, MAX_SHIFT, capacity, ByteBuffer::allocate);
    }

    @Override
    public ByteBuffer acquireDirect(int capacity) {
        return take(freeDirect, MAX_DIRECT_SHIFT, capacity, ByteBuffer::allocateDirect);
    }

    /** An idle buffer of the size class {@code capacity} rounds up to, else a new one; past {@code maxShift}, exactly {@code capacity}. */
    private static ByteBuffer take(ArrayDeque<ByteBuffer>[] classes, int maxShift, int capacity,
                                   java.util.function.IntFunction<ByteBuffer> allocate) {
        int shift = shiftFor(capacity);
        if (shift > maxShift) {
            return allocate.apply(capacity);
        }
        ByteBuffer b = classes[shift - MIN_SHIFT].pollLast();
        return b != null ? b.clear() : allocate.apply(1 << shift);
    }

    @Override
    public void release(ByteBuffer buffer) {
        int cap = buffer.capacity();
        boolean direct = buffer.isDirect();
        if (Integer.bitCount(cap) != 1 || cap < (1 << MIN_SHIFT) || cap > (1 << (direct ? MAX_DIRECT_SHIFT : MAX_SHIFT))
                || buffer.isReadOnly()) {
            return;
        }
        ArrayDeque<ByteBuffer> q = (direct ? freeDirect : free)[Integer.numberOfTrailingZeros(cap) - MIN_SHIFT];
        int maxIdle = direct ? Math.max(4, MAX_IDLE_DIRECT_BYTES_PER_CLASS / cap) : MAX_IDLE_PER_CLASS;
        if (q.size() < maxIdle) {
            q.addLast(buffer);
        }
    }

    /** Idle direct buffers kept, for tests. */
    int idleDirect() {
        int n = 0;
        for (ArrayDeque<ByteBuffer> q : freeDirect) {
            n += q.size();
        }
        return n;
    }

    private static int shiftFor(int capacity) {
        if (capacity <= (1 << MIN_SHIFT)) {
            return MIN_SHIFT;
        }
        return 32 - Integer.numberOfLeadingZeros(capacity - 1);
    }
}
