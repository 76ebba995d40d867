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
     */
    ByteBuffer acquire(int capacity);

    /** Returns a buffer obtained from {@link #acquire}; the caller must not touch it again. */
    void release(ByteBuffer buffer);

    /** A pool that allocates a new heap buffer for every request and forgets released ones. */
    static BufferPool unpooled() {
        return UnpooledBuffers.INSTANCE;
    }
}
