package dev.weft.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses with an LZ77 window below zlib's 15 bits, which {@code java.util.zip.Deflater}
 * cannot be told: the input goes to zlib in slices, each after a full flush (which makes zlib
 * forget every earlier position) with the quarter window of plain bytes before it as a preset
 * dictionary, the slice filling the rest of the window. A back-reference can then reach at most
 * the dictionary and the slice, {@code 2^bits - 1} bytes: never farther than the negotiated
 * window (RFC 7692 §7.1.2). The price is ratio and time: matches are sought in part of the
 * window, each slice ends its deflate block, and each full flush clears zlib's hash table.
 *
 * <p>The zlib context itself keeps nothing between calls (it is borrowed from the pool for each
 * part of a message and reset): what carries over is this object's copy of the last quarter
 * window of plain bytes, for the next slice, the next part, and, with context takeover, the next
 * message. So a connection holds {@code 2^(bits-2)} bytes for its compressor instead of zlib's
 * 256 KiB.
 */
final class BoundedWindowDeflate {
    private static final byte[] NO_INPUT = new byte[0];

    private final ZlibPool pool;
    private final int window;
    /** How much of the recent past each slice may refer to: a quarter of the window, leaving three quarters for the slice. */
    private final int keep;
    private final boolean keepContext;
    /** The last plain bytes compressed, at most {@link #keep} of them; null while there are none to keep. */
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
        this.window = 1 << bits;
        this.keep = window / 4;
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
                // Dictionary and slice together never exceed the window, so neither can a reference.
                int n = Math.min(window - historyLength, in.remaining());
                ByteBuffer part = in.slice(in.position(), n);
                remember(in, n);
                in.position(in.position() + n);
                d.setInput(part);
                // A full flush makes zlib forget every position before the next slice; after the
                // part's last slice a sync flush will do: the context goes back to the pool and is reset.
                out.drain(d, scratch, in.hasRemaining() ? Deflater.FULL_FLUSH : Deflater.SYNC_FLUSH);
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

    /** Forgets what came before: the next message refers to nothing earlier (see {@link DeflateCodec#sharedMessageSent}). */
    void forget() {
        historyLength = 0;
    }

    /** Keeps the last {@link #keep} plain bytes of what came before and the next {@code n} bytes of {@code in}. */
    private void remember(ByteBuffer in, int n) {
        if (history == null) {
            history = new byte[keep];
        }
        int fromIn = Math.min(n, keep);
        int old = Math.min(historyLength, keep - fromIn);
        System.arraycopy(history, historyLength - old, history, 0, old);
        in.get(in.position() + n - fromIn, history, old, fromIn);
        historyLength = old + fromIn;
    }
}
