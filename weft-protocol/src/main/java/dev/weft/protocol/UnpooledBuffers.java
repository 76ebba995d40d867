package dev.weft.protocol;

import java.nio.ByteBuffer;

/** The {@link BufferPool#unpooled()} pool: heap buffers, left to the garbage collector. */
enum UnpooledBuffers implements BufferPool {
    INSTANCE;

    @Override
    public ByteBuffer acquire(int capacity) {
        return ByteBuffer.allocate(capacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
        // Nothing to do: the garbage collector reclaims it.
    }
}
