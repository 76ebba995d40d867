package dev.weft.protocol;

import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.Masking;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.text.Utf8Encoder;

import java.nio.ByteBuffer;

/**
 * Turns outgoing messages into frames on the {@link Outbound}: splits a message larger than
 * the fragmentation threshold, writes small frames and every masked frame as one pooled
 * buffer, and lets a large unmasked payload follow its header without a copy.
 */
final class FrameWriter {
    /** Payloads up to this size are copied next to their header: one buffer beats a gather of two. */
    private static final int COPY_LIMIT = 1024;

    private final FrameEncoder encoder;
    private final BufferPool pool;
    private final Outbound out;
    private final int fragmentSize;

    FrameWriter(FrameEncoder encoder, BufferPool pool, Outbound out, int fragmentSize) {
        this.encoder = encoder;
        this.pool = pool;
        this.out = out;
        this.fragmentSize = fragmentSize;
    }

    /**
     * Writes one message, or one part of a message, as frames of at most the fragmentation
     * threshold. {@code first} says whether the opcode goes on the first frame (otherwise every
     * frame is a continuation); {@code last} whether the final frame carries FIN.
     */
    void writeData(Opcode opcode, ByteBuffer payload, boolean first, boolean last) {
        int remaining = payload.remaining();
        int at = payload.position();
        Opcode op = first ? opcode : Opcode.CONTINUATION;
        while (remaining > fragmentSize) {
            writeFrame(false, op, payload.slice(at, fragmentSize));
            at += fragmentSize;
            remaining -= fragmentSize;
            op = Opcode.CONTINUATION;
        }
        writeFrame(last, op, at == payload.position() ? payload : payload.slice(at, remaining));
    }

    /** Writes text, encoding it as UTF-8 straight into the frame buffer when it fits one frame. */
    void writeText(CharSequence text, boolean first, boolean last) {
        int length = Utf8Encoder.encodedLength(text);
        Opcode op = first ? Opcode.TEXT : Opcode.CONTINUATION;
        if (length > fragmentSize) {
            ByteBuffer encoded = ByteBuffer.allocate(length);
            Utf8Encoder.encode(text, encoded);
            writeData(Opcode.TEXT, encoded.flip(), first, last);
            return;
        }
        ByteBuffer frame = pool.acquire(encoder.headerSize(length) + length);
        int key = encoder.writeHeader(frame, last, 0, op, length);
        int start = frame.position();
        Utf8Encoder.encode(text, frame);
        Masking.mask(frame, start, start + length, key, 0);
        out.write(frame.flip(), null);
    }

    /** Writes a control frame; the caller has checked its payload fits in 125 bytes. */
    void writeControl(Opcode opcode, ByteBuffer payload) {
        writeFrame(true, opcode, payload);
    }

    private void writeFrame(boolean fin, Opcode opcode, ByteBuffer payload) {
        int n = payload.remaining();
        if (!encoder.masks() && n > COPY_LIMIT) {
            ByteBuffer header = pool.acquire(FrameEncoder.MAX_HEADER_SIZE);
            encoder.writeHeader(header, fin, 0, opcode, n);
            out.write(header.flip(), payload);
            return;
        }
        ByteBuffer frame = pool.acquire(encoder.headerSize(n) + n);
        encoder.writeFrame(frame, fin, 0, opcode, payload);
        out.write(frame.flip(), null);
    }
}
