package dev.weft.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses with an LZ77 window below zlib's 15 bits, which {@code java.util.zip.Deflater}
 * cannot be told: the input goes to zlib in slices of half the window, each ended with a full
 * flush (which makes zlib forget every earlier position) and preceded by the half window of
 * plain bytes before it as a preset dictionary. A back-reference can then reach at most the
 * dictionary and the slice, {@code 2^bits - 1} bytes: never farther than the negotiated window
 * (RFC 7692 §7.1.2). The price is ratio: matches are sought in half the window, and each slice
 * ends its deflate block.
 *
 * <p>The zlib context itself keeps nothing between calls (it is borrowed from the pool for each
 * part of a message and reset): what carries over is this object's copy of the last half window
 * of plain bytes, for the next slice, the next part, and, with context takeover, the next
 * message. So a connection holds {@code 2^(bits-1)} bytes for its compressor instead of zlib's
 * 256 KiB.
 */
final class BoundedWindowDeflate {
    private static final byte[] NO_INPUT = new byte[0];

    private final ZlibPool pool;
    private final int slice;
    private final boolean keepContext;
    /** The last plain bytes compressed, at most {@link #slice} of them; null while there are none to keep. */
    private byte[] history;
    private int historyLength;

    /**
     * @param bits        the window, 8 to 14
     * @param keepContext whether the next message may refer to this one (context takeover)
     */
    BoundedWindowDeflate(ZlibPool pool, int bits, boolean keepContext) {
        if (bits < 8 || bits > 14) {
            throw new IllegalArgumentException("a bounded window is 8 to 14 bits: " + bits);
        }
        this.pool = pool;
        this.slice = 1 << (bits - 1);
        this.keepContext = keepContext;
    }

    /**
     * Compresses one part of a message.
     *
     * @param in      the plain bytes, consumed
     * @param scratch zlib's output space
     * @param last    whether the message ends with this part: its {@code 00 00 ff ff} is taken off
     * @return the compressed bytes
     */
    ByteBuffer encode(ByteBuffer in, byte[] scratch, boolean last) {
        Deflater d = pool.deflater();
        CompressedOutput out = new CompressedOutput();
        try {
            do {
                if (historyLength > 0) {
                    d.setDictionary(history, 0, historyLength);
                }
                int n = Math.min(slice, in.remaining());
                ByteBuffer part = in.slice(in.position(), n);
                remember(in, n);
                in.position(in.position() + n);
                d.setInput(part);
                out.drain(d, scratch, Deflater.FULL_FLUSH);
            } while (in.hasRemaining());
            d.setInput(NO_INPUT);
        } finally {
            pool.release(d);
        }
        if (last && !keepContext) {
            history = null;
            historyLength = 0;
        }
        return out.finish(last);
    }

    /** Keeps the last {@link #slice} plain bytes: what is before {@code n} more bytes of {@code in}, and those. */
    private void remember(ByteBuffer in, int n) {
        if (history == null) {
            history = new byte[slice];
        }
        int keep = Math.min(historyLength, slice - n);
        System.arraycopy(history, historyLength - keep, history, 0, keep);
        in.get(in.position(), history, keep, n);
        historyLength = keep + n;
    }
}
