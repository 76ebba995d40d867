package dev.weft.protocol;

import java.nio.ByteBuffer;

/**
 * Where the core gets buffers for the frames it writes. The transport injects a pool per
 * event loop (no locks); {@link #unpooled()} allocates fresh heap buffers, for tests and for
 * code that does not care.
 */
public interface BufferPool {
    /**
     * A buffer of at least {@code capacity} bytes, position 0, limit at its capacity. The
     * caller owns it until it hands it back with {@link #release}.
     *
     * @param capacity the fewest bytes the buffer must hold
     * @return a buffer the caller owns until it releases it
     */
    ByteBuffer acquire(int capacity);

    /**
     * A direct buffer of at least {@code capacity} bytes, position 0, limit at its capacity: for
     * message bytes that go back to a socket as they are (a binary message lent to a listener
     * that may send it on), which the JDK writes from a direct buffer without copying it first.
     * The caller owns it until it hands it back with {@link #release}.
     *
     * @param capacity the fewest bytes the buffer must hold
     * @return a direct buffer the caller owns until it releases it; by default a new one
     */
    default ByteBuffer acquireDirect(int capacity) {
        return ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Returns a buffer obtained from {@link #acquire} or {@link #acquireDirect}; the caller must
     * not touch it again (a duplicate of one, with the same capacity, may stand in for it).
     *
     * @param buffer a buffer this pool handed out
     */
    void release(ByteBuffer buffer);

    /**
     * A pool that allocates a new heap buffer for every request and forgets released ones.
     *
     * @return a pool that pools nothing, for tests and for connections that do not share buffers
     */
    static BufferPool unpooled() {
        return UnpooledBuffers.INSTANCE;
    }
}
