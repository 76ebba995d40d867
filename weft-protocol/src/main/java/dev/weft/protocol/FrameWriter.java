package dev.weft.protocol;

import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.Masking;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.internal.text.Utf8Encoder;

import java.nio.ByteBuffer;

/**
 * Turns outgoing messages into frames on the {@link Outbound}: passes them through the
 * negotiated extensions (which may compress them and mark the first frame's RSV bits), splits
 * a message larger than the fragmentation threshold, writes small frames and every masked
 * frame as one pooled buffer, and lets a large unmasked payload follow its header without a copy.
 *
 * <p>The sending half of a {@link ProtocolConnection}, which extends it: one object per
 * connection rather than two (an idle server holds one per connection), with the writing kept
 * in a file of its own.
 */
abstract class FrameWriter {
    /** Payloads up to this size are copied next to their header: one buffer beats a gather of two. */
    private static final int COPY_LIMIT = 1024;

    /** The connection's settings, shared with every connection like it: the encoder, buffers and fragment size come from there. */
    final ProtocolSettings settings;
    /** Where frames go. */
    final Outbound out;
    /** The negotiated extensions, which may transform messages both ways. */
    final ExtensionChain extensions;

    /** The RSV bits the current message's next frame carries (only its first frame has any). */
    private byte pendingRsv;
    /** Whether the extensions are transforming the message being sent. */
    private boolean encoding;
    /** The opcode of the next frame of the message being sent. */
    private Opcode nextOpcode;

    FrameWriter(ProtocolSettings settings, Outbound out, ExtensionChain extensions) {
        this.settings = settings;
        this.out = out;
        this.extensions = extensions;
    }

    /**
     * Writes one message, or one part of a message, as frames of at most the fragmentation
     * threshold. {@code first} says whether this part starts the message; {@code last} whether
     * it ends it; {@code compress} whether extensions may transform it.
     */
    void writeData(Opcode opcode, ByteBuffer payload, boolean first, boolean last, boolean compress) {
        if (first) {
            startMessage(opcode, first && last ? payload.remaining() : -1, compress);
        }
        if (encoding) {
            extensions.encode(payload, last, (data, end) -> frames(data, end, true));
        } else {
            frames(payload, last, false);
        }
    }

    /**
     * Writes a whole binary message in a buffer from {@link BufferPool#acquireDirect} that the
     * writer now owns: one unmasked frame takes it over without a copy (the transport releases
     * it once written); anything else copies it into frames and releases it at once.
     */
    void writeTakingOver(ByteBuffer payload, boolean compress) {
        int n = payload.remaining();
        startMessage(Opcode.BINARY, n, compress);
        if (!encoding && !settings.encoder.masks() && n > COPY_LIMIT && n <= settings.fragmentSize) {
            ByteBuffer header = settings.pool.acquire(FrameEncoder.MAX_HEADER_SIZE);
            settings.encoder.writeHeader(header, true, takeRsv(), takeOpcode(), n);
            out.writeTakingOver(header.flip(), payload);
            return;
        }
        if (encoding) {
            extensions.encode(payload, true, (data, end) -> frames(data, end, true));
        } else {
            frames(payload, true, true);
        }
        settings.pool.release(payload);
    }

    private void startMessage(Opcode opcode, long length, boolean compress) {
        nextOpcode = opcode;
        pendingRsv = 0;
        encoding = false;
        if (!extensions.isEmpty()) {
            pendingRsv = (byte) extensions.outgoing(opcode, length, compress);
            encoding = extensions.isEncoding();
        }
    }

    /** Frames {@code payload} as the next part of the current message. */
    private void frames(ByteBuffer payload, boolean last, boolean mustCopy) {
        int remaining = payload.remaining();
        int at = payload.position();
        while (remaining > settings.fragmentSize) {
            writeFrame(false, payload.slice(at, settings.fragmentSize), mustCopy);
            at += settings.fragmentSize;
            remaining -= settings.fragmentSize;
        }
        writeFrame(last, at == payload.position() ? payload : payload.slice(at, remaining), mustCopy);
    }

    /**
     * Writes text, encoding it as UTF-8 straight into the frame buffer when it fits one plain
     * frame; {@code length} is its UTF-8 length, measured by the caller.
     */
    void writeText(CharSequence text, int length, boolean first, boolean last, boolean compress) {
        if (first) {
            startMessage(Opcode.TEXT, first && last ? length : -1, compress);
        }
        if (encoding || length > settings.fragmentSize) {
            ByteBuffer encoded = ByteBuffer.allocate(length);
            Utf8Encoder.encode(text, length, encoded);
            encoded.flip();
            if (encoding) {
                extensions.encode(encoded, last, (data, end) -> frames(data, end, true));
            } else {
                frames(encoded, last, false);
            }
            return;
        }
        ByteBuffer frame = settings.pool.acquire(settings.encoder.headerSize(length) + length);
        int key = settings.encoder.writeHeader(frame, last, takeRsv(), takeOpcode(), length);
        int start = frame.position();
        Utf8Encoder.encode(text, length, frame);
        Masking.mask(frame, start, start + length, key, 0);
        out.write(frame.flip(), null);
    }

    /** Writes a control frame; the caller has checked its payload fits in 125 bytes. Never transformed. */
    void writeControl(Opcode opcode, ByteBuffer payload) {
        out.write(controlFrame(opcode, payload), null);
    }

    /** Writes the pong that answers a ping carrying {@code payload} (at most 125 bytes): see {@link Outbound#writePingAnswer}. */
    void writePingAnswer(ByteBuffer payload) {
        out.writePingAnswer(controlFrame(Opcode.PONG, payload));
    }

    private ByteBuffer controlFrame(Opcode opcode, ByteBuffer payload) {
        int n = payload.remaining();
        ByteBuffer frame = settings.pool.acquire(settings.encoder.headerSize(n) + n);
        settings.encoder.writeFrame(frame, true, 0, opcode, payload);
        return frame.flip();
    }

    private int takeRsv() {
        int rsv = pendingRsv;
        pendingRsv = 0;
        return rsv;
    }

    private Opcode takeOpcode() {
        Opcode op = nextOpcode;
        nextOpcode = Opcode.CONTINUATION;
        return op;
    }

    /**
     * Writes one data frame. {@code mustCopy}: the payload is only lent (an extension's output),
     * so it is copied next to the header even when large.
     */
    private void writeFrame(boolean fin, ByteBuffer payload, boolean mustCopy) {
        int n = payload.remaining();
        int rsv = takeRsv();
        Opcode opcode = takeOpcode();
        if (!settings.encoder.masks() && n > COPY_LIMIT && !mustCopy) {
            ByteBuffer header = settings.pool.acquire(FrameEncoder.MAX_HEADER_SIZE);
            settings.encoder.writeHeader(header, fin, rsv, opcode, n);
            out.write(header.flip(), payload);
            return;
        }
        ByteBuffer frame = settings.pool.acquire(settings.encoder.headerSize(n) + n);
        settings.encoder.writeFrame(frame, fin, rsv, opcode, payload);
        out.write(frame.flip(), null);
    }
}
