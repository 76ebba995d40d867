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
     * Returns a buffer obtained from {@link #acquire}; the caller must not touch it again.
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
