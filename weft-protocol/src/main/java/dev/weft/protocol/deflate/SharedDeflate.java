package dev.weft.protocol.deflate;

import dev.weft.protocol.extension.SharedEncoder;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.Opcode;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * permessage-deflate for server connections that reset their compressor after every message:
 * each message is compressed from a fresh context, so its bytes suit every such connection of
 * one factory (one level, one threshold, the 15-bit window). Borrows a context from the
 * factory's pool for each message.
 */
final class SharedDeflate implements SharedEncoder {
    private final ZlibPool pool;
    private final int threshold;

    SharedDeflate(ZlibPool pool, int threshold) {
        this.pool = pool;
        this.threshold = threshold;
    }

    @Override
    public @Nullable ByteBuffer encodeMessage(Opcode type, ByteBuffer payload) {
        if (payload.remaining() < threshold) {
            return null;
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
