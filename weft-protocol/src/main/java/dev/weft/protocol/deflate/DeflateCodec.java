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
 * <p>A side that keeps its context between messages holds its zlib context for the life of the
 * connection (made at its first compressed message); a side that resets after every message
 * borrows one from the pool for each message and gives it back. Inflating stops as soon as the
 * output passes the message budget: a few kilobytes that would inflate to gigabytes end in 1009
 * after at most one buffer of output.
 */
final class DeflateCodec implements Extension {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final byte[] NO_INPUT = new byte[0];
    static final int CHUNK = 16 * 1024;

    private final ZlibPool pool;
    private final boolean resetCompressor;
    private final boolean resetInflater;
    private final int threshold;
    private final @Nullable SharedEncoder shared;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] out;
    private boolean closed;
    /** Output bytes of this decode call so far, against its budget (what the message may still grow by when the call began). */
    private long produced;
    /** Decoding stopped for memory after the message's last input was taken: its tail is still to come. */
    private boolean finishPending;
    /** How much of {@link #TAIL} zlib took before decoding stopped for memory inside it. */
    private int tailTaken;

    /**
     * @param shared the factory's encoder that connections resetting their compressor share, or
     *     null when this one keeps its context (or is a client's)
     */
    DeflateCodec(ZlibPool pool, boolean resetCompressor, boolean resetInflater, int threshold,
                 @Nullable SharedEncoder shared) {
        this.shared = shared;
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

    private byte[] buffer() {
        if (out == null) {
            out = new byte[CHUNK];
        }
        return out;
    }

    @Override
    public boolean decode(ByteBuffer in, boolean last, long budget, Sink sink) throws ProtocolException {
        if (inflater == null) {
            inflater = pool.inflater();
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
        if (resetInflater) {
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
        byte[] buf = buffer();
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
        if (deflater == null) {
            deflater = pool.deflater();
        }
        ByteBuffer result = deflate(deflater, in, buffer(), last);
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

    /**
     * Compresses one part of a message with a sync flush; for its last part, takes off the
     * {@code 00 00 ff ff} that ends the flushed data (§7.2.1).
     *
     * @param buf scratch space for zlib's output
     * @return the compressed bytes, in a buffer of their own
     */
    static ByteBuffer deflate(Deflater deflater, ByteBuffer in, byte[] buf, boolean last) {
        deflater.setInput(in);
        ByteBuffer result = null;
        while (true) {
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            if (n == 0 && deflater.needsInput()) {
                break;
            }
            if (result == null) {
                result = ByteBuffer.allocate(Math.max(n * 2, 64));
            } else if (result.remaining() < n) {
                result = ByteBuffer.allocate(Math.max(result.capacity() * 2, result.position() + n)).put(result.flip());
            }
            result.put(buf, 0, n);
            if (n < buf.length && deflater.needsInput()) {
                break;
            }
        }
        // A Deflater keeps a reference to its last input: without this, every connection that
        // keeps its context would pin the last message it sent (megabytes, for a large one).
        deflater.setInput(NO_INPUT);
        if (result == null) {
            result = ByteBuffer.allocate(0);
        }
        result.flip();
        if (last) {
            int end = result.limit();
            if (end >= 4 && result.get(end - 4) == 0 && result.get(end - 3) == 0
                    && result.get(end - 2) == (byte) 0xff && result.get(end - 1) == (byte) 0xff) {
                result.limit(end - 4);
            }
            if (!result.hasRemaining()) {
                // Nothing new to flush (an empty message with the context kept): §7.2.3.6 sends a
                // single 0x00, which with the receiver's appended tail is an empty stored block.
                result = ByteBuffer.wrap(new byte[] {0x00});
            }
        }
        return result;
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
