package dev.weft.protocol.deflate;

import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.Opcode;

import dev.weft.protocol.extension.SharedEncoder;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate on one connection (RFC 7692 §7.2): raw DEFLATE with a sync flush after
 * each part, the {@code 00 00 ff ff} tail taken off the end of each compressed message and put
 * back before inflating. RSV1 marks a compressed message's first frame and no other.
 *
 * <p>A side that keeps its context between messages with zlib's 15-bit window holds its zlib
 * context for the life of the connection (made at its first compressed message); a side that
 * resets after every message borrows one from the pool for each message and gives it back, and
 * so does a side with a smaller window, which keeps only that window's bytes between messages
 * ({@link BoundedWindowDeflate}, {@link InflateWindow}). Inflating stops as soon as the
 * output passes the message budget: a few kilobytes that would inflate to gigabytes end in 1009
 * after at most one buffer of output.
 */
final class DeflateCodec implements Extension {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final byte[] NO_INPUT = new byte[0];
    static final int CHUNK = 16 * 1024;
    /**
     * zlib's output space, one per loop thread rather than 16 KiB per connection; inflating and
     * deflating have one each, since a listener handed inflated bytes may send (and so deflate)
     * before it is done with them.
     */
    private static final ThreadLocal<byte[]> INFLATE_SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    static final ThreadLocal<byte[]> DEFLATE_SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private final ZlibPool pool;
    private final boolean resetCompressor;
    private final boolean resetInflater;
    private final int threshold;
    private final @Nullable SharedEncoder shared;
    /** This side's compressor when its window is below 15 bits, else null (zlib's own window). */
    private final @Nullable BoundedWindowDeflate bounded;
    /** What the peer's next message may refer back to, when it keeps its context with a window below 15 bits. */
    private final @Nullable InflateWindow window;
    private Deflater deflater;
    private Inflater inflater;
    private boolean closed;
    /** Output bytes of this decode call so far, against its budget (what the message may still grow by when the call began). */
    private long produced;
    /** Decoding stopped for memory after the message's last input was taken: its tail is still to come. */
    private boolean finishPending;
    /** How much of {@link #TAIL} zlib took before decoding stopped for memory inside it. */
    private int tailTaken;
    /**
     * A message compressed elsewhere (a published one) went out since this side's last: the
     * peer's window now ends with it, so the next message must not refer back as if it had
     * not. Acted on lazily, by the next message, so a burst of publishes costs nothing here.
     */
    private boolean contextBehind;

    /**
     * @param compressBits this side's window, 8 to 15
     * @param inflateBits  the peer's window, 8 to 15
     * @param shared the factory's encoder for this side's window, which server connections share
     *     whether or not they keep their context; null for a client's
     */
    DeflateCodec(ZlibPool pool, boolean resetCompressor, boolean resetInflater, int compressBits, int inflateBits,
                 int threshold, @Nullable SharedEncoder shared) {
        this.shared = shared;
        this.bounded = compressBits < 15 ? new BoundedWindowDeflate(pool, compressBits, !resetCompressor) : null;
        this.window = inflateBits < 15 && !resetInflater ? new InflateWindow(inflateBits) : null;
        this.pool = pool;
        this.resetCompressor = resetCompressor;
        this.resetInflater = resetInflater;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    @Override
    public int rsvBits() {
        return FrameParser.RSV1;
    }

    @Override
    public boolean incoming(int rsv, boolean firstFrame) throws ProtocolException {
        boolean rsv1 = (rsv & FrameParser.RSV1) != 0;
        if (!firstFrame && rsv1) {
            throw new ProtocolException(ProtocolError.COMPRESSED_CONTINUATION, "RSV1 on a continuation frame");
        }
        return firstFrame && rsv1;
    }

    @Override
    public boolean decode(ByteBuffer in, boolean last, long budget, Sink sink) throws ProtocolException {
        if (inflater == null) {
            inflater = pool.inflater();
            if (window != null) {
                window.prime(inflater);
            }
        }
        produced = 0;
        inflater.setInput(in);
        boolean done = inflate(budget, sink);
        // The input is the caller's buffer (usually the loop's read buffer, soon reused): once
        // stopped, zlib must not look at it again. Whatever it did not take stays unread in it.
        inflater.setInput(NO_INPUT);
        if (!done) {
            finishPending = last && !in.hasRemaining();
            return false;
        }
        return !last || finish(budget, sink);
    }

    @Override
    public boolean resumeDecode(long budget, Sink sink) throws ProtocolException {
        if (inflater == null) {
            return true; // nothing was held back
        }
        produced = 0;
        if (!inflate(budget, sink)) {
            return false;
        }
        return !finishPending || finish(budget, sink);
    }

    /** The message's last input was taken: inflates the tail that ends it, then delivers its end. */
    private boolean finish(long budget, Sink sink) throws ProtocolException {
        finishPending = false;
        inflater.setInput(TAIL, tailTaken, TAIL.length - tailTaken);
        boolean done = inflate(budget, sink);
        tailTaken = TAIL.length - inflater.getRemaining();
        inflater.setInput(NO_INPUT);
        if (!done) {
            finishPending = true;
            return false;
        }
        tailTaken = 0;
        if (resetInflater || window != null) {
            pool.release(inflater);
            inflater = null;
        }
        sink.accept(EMPTY, true);
        return true;
    }

    /**
     * Inflates what the inflater holds into the sink, piece by piece, asking the sink's claim
     * before each piece; false if a claim was refused (the inflater keeps its place).
     */
    private boolean inflate(long budget, Sink sink) throws ProtocolException {
        byte[] buf = INFLATE_SCRATCH.get();
        try {
            while (true) {
                // Never ask for more than one byte past the budget: going over is detected without inflating the rest.
                int room = (int) Math.min(buf.length, Math.max(1, budget - produced + 1));
                if (!sink.claim(room)) {
                    return false;
                }
                int n = inflater.inflate(buf, 0, room);
                if (n > 0) {
                    produced += n;
                    if (produced > budget) {
                        throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
                                "compressed message inflates past its limit");
                    }
                    if (window != null) {
                        window.append(buf, 0, n);
                    }
                    sink.accept(ByteBuffer.wrap(buf, 0, n), false);
                    continue;
                }
                if (inflater.needsDictionary()) {
                    throw new ProtocolException(ProtocolError.INVALID_COMPRESSED_DATA, "deflate stream asks for a dictionary");
                }
                if (inflater.needsInput() || inflater.finished()) {
                    return true;
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolException(ProtocolError.INVALID_COMPRESSED_DATA, "invalid deflate data: " + e.getMessage());
        }
    }

    @Override
    public boolean encodes(Opcode type, long length, boolean wanted) {
        return wanted && (length < 0 || length >= threshold);
    }

    @Override
    public int rsvForEncoded() {
        return FrameParser.RSV1;
    }

    @Override
    public void encode(ByteBuffer in, boolean last, Output sink) {
        if (contextBehind) {
            forgetContext();
        }
        if (bounded != null) {
            sink.accept(bounded.encode(in, DEFLATE_SCRATCH.get(), last), last);
            return;
        }
        if (deflater == null) {
            deflater = pool.deflater();
        }
        ByteBuffer result = deflate(deflater, in, DEFLATE_SCRATCH.get(), last);
        if (last && resetCompressor) {
            pool.release(deflater);
            deflater = null;
        }
        sink.accept(result, last);
    }

    @Override
    public @Nullable SharedEncoder sharedEncoder() {
        return shared;
    }

    @Override
    public void sharedMessageSent() {
        // A side that resets after every message has nothing to forget.
        contextBehind = !resetCompressor;
    }

    /**
     * Starts this side's next message from a fresh context: a shared message, compressed from
     * a fresh context of its own, reached the peer since this side's last message, and zlib
     * (or the kept window) does not know its bytes. Referring to nothing before is always
     * valid; referring to what this side last sent would now point into the shared message.
     */
    private void forgetContext() {
        contextBehind = false;
        if (bounded != null) {
            bounded.forget();
        } else if (deflater != null) {
            deflater.reset();
        }
    }

    /**
     * Compresses one part of a message with a sync flush; for its last part, takes off the
     * {@code 00 00 ff ff} that ends the flushed data (§7.2.1).
     *
     * @param buf scratch space for zlib's output
     * @return the compressed bytes, in a buffer of their own
     */
    static ByteBuffer deflate(Deflater deflater, ByteBuffer in, byte[] buf, boolean last) {
        deflater.setInput(in);
        CompressedOutput out = new CompressedOutput();
        out.drain(deflater, buf, Deflater.SYNC_FLUSH);
        // A Deflater keeps a reference to its last input: without this, every connection that
        // keeps its context would pin the last message it sent (megabytes, for a large one).
        deflater.setInput(NO_INPUT);
        return out.finish(last);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (deflater != null) {
            ZlibPool.end(deflater);
            deflater = null;
        }
        if (inflater != null) {
            ZlibPool.end(inflater);
            inflater = null;
        }
    }
}
