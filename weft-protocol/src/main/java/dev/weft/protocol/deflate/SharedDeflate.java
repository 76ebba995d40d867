package dev.weft.protocol.deflate;

import dev.weft.protocol.extension.SharedEncoder;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.Opcode;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * permessage-deflate for a published message: compressed from a fresh context, referring to
 * nothing sent before, so its bytes suit every server connection of one factory (one level, one
 * threshold) with this window, whether it resets its compressor after every message or keeps
 * its context (the peer's inflater takes a message that refers to nothing earlier either way;
 * a connection that keeps its context starts its next message afresh). Borrows a context from
 * the factory's pool for each message.
 */
final class SharedDeflate implements SharedEncoder {
    private final ZlibPool pool;
    private final int threshold;
    private final int bits;

    /**
     * @param bits the window the peers agreed to, 8 to 15
     */
    SharedDeflate(ZlibPool pool, int threshold, int bits) {
        this.pool = pool;
        this.threshold = threshold;
        this.bits = bits;
    }

    @Override
    public @Nullable ByteBuffer encodeMessage(Opcode type, ByteBuffer payload) {
        if (payload.remaining() < threshold) {
            return null;
        }
        if (bits < 15) {
            // Keeping no context: nothing outlives the call but its output.
            return new BoundedWindowDeflate(pool, bits, false).encode(payload.duplicate(), DeflateCodec.DEFLATE_SCRATCH.get(), true);
        }
        Deflater d = pool.deflater();
        try {
            return DeflateCodec.deflate(d, payload.duplicate(), DeflateCodec.DEFLATE_SCRATCH.get(), true);
        } finally {
            pool.release(d);
        }
    }

    @Override
    public int rsv() {
        return FrameParser.RSV1;
    }
}
