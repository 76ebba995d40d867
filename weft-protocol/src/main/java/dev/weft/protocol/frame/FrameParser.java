package dev.weft.protocol.frame;

import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An incremental RFC 6455 frame parser (§5.2). Bytes may arrive split anywhere, down to one
 * at a time. Each header is checked in full before any of its payload is looked at, and a
 * frame over the size limit is refused from its length alone, before a byte of it is
 * buffered (or, when oversized messages are discarded, reported as such and its payload passed
 * on to be dropped). Payload is unmasked in place and lent to the {@link FrameSink} as a view of the
 * input, so only a header split across two reads is ever copied (at most 14 bytes).
 *
 * <p>The parser also enforces the message-level framing rules that need no payload:
 * continuation sequencing (§5.4) and the control-frame rules (§5.5).
 *
 * <p>Not thread-safe. One serves one connection at a time: between messages ({@link #isIdle()})
 * it may be {@linkplain #reset reset} for another, so connections that are not receiving need
 * not hold one.
 */
public final class FrameParser {
    /** The RSV bits as they appear in the {@code rsv} number passed to the sink. */
    public static final int RSV1 = 4;
    /** See {@link #RSV1}. */
    public static final int RSV2 = 2;
    /** See {@link #RSV1}. */
    public static final int RSV3 = 1;

    private static final int MAX_CONTROL_PAYLOAD = 125;
    /** Two bytes, a 64-bit length and a mask key. */
    private static final int MAX_HEADER = 14;

    private boolean expectMasked;
    private long maxFrameSize;
    /** Whether data frames over the limit go to the sink's {@link FrameSink#oversizedFrameStart} rather than failing here. */
    private boolean letOversizedThrough;
    private int allowedRsv;

    // The header's bytes so far (at most 14): 0-7 in the first word, 8-13 in the second, first
    // byte highest. Two longs rather than a byte[14]: one object fewer per connection.
    private long headerHigh;
    private long headerLow;
    private int headerHave;
    private int headerNeed = 2;

    private boolean inPayload;
    private long payloadLength;
    private long payloadDone;
    private int maskKey;

    private boolean fragmentedMessageOpen;
    private boolean stopRequested;
    private boolean suspendRequested;

    /**
     * @param role   this side's role: a server requires masked frames, a client refuses them
     * @param limits the frame size limit to enforce
     */
    public FrameParser(Role role, ProtocolLimits limits) {
        reset(role, limits);
    }

    /**
     * Makes this parser as good as new for a connection with the given role and limits: no
     * frame or message in progress, no RSV bits allowed. A parser that threw must not be reset
     * and used again (its input was not all consumed).
     *
     * @param role   this side's role: a server requires masked frames, a client refuses them
     * @param limits the frame size limit to enforce
     */
    public void reset(Role role, ProtocolLimits limits) {
        expectMasked = role == Role.SERVER;
        maxFrameSize = limits.maxFrameSize();
        letOversizedThrough = limits.oversizedMessages() == dev.weft.protocol.OversizedMessages.DISCARD;
        allowedRsv = 0;
        clearHeader();
        inPayload = false;
        payloadLength = 0;
        payloadDone = 0;
        maskKey = 0;
        fragmentedMessageOpen = false;
        stopRequested = false;
        suspendRequested = false;
    }

    /**
     * Whether the parser is between messages: no header or payload half read, no fragmented
     * message open. Only then may it be {@linkplain #reset reset} for another connection
     * without losing anything.
     *
     * @return true between messages
     */
    public boolean isIdle() {
        return !inPayload && headerHave == 0 && !fragmentedMessageOpen;
    }

    /**
     * The failure for a frame over the limit (1009).
     *
     * @param length the frame's payload length
     * @param limit  the limit it is over
     * @return the exception to throw
     */
    public static ProtocolException frameTooBig(long length, long limit) {
        return new ProtocolException(ProtocolError.FRAME_TOO_BIG, "frame of " + length + " bytes exceeds the limit of " + limit);
    }

    /**
     * The limit for a frame an extension encoded (compressed), which may be longer than what it
     * carries: zlib's worst case on incompressible data is about 16% more with small memory
     * settings (deflateBound). A frame is never buffered whole, and its decoded size is held to
     * the message limit as it inflates, so the allowance costs no memory. Worked out when needed
     * rather than kept: one field fewer per connection.
     */
    private long maxEncodedFrameSize() {
        return maxFrameSize + maxFrameSize / 4 + 1024;
    }

    /**
     * Lets frames carry the given RSV bits, which negotiated extensions own (§5.2: "MUST be 0
     * unless an extension is negotiated that defines meanings for non-zero values").
     *
     * @param rsvBits a combination of {@link #RSV1}, {@link #RSV2} and {@link #RSV3}
     */
    public void allowRsv(int rsvBits) {
        if ((rsvBits & ~7) != 0) {
            throw new IllegalArgumentException("rsv bits out of range: " + rsvBits);
        }
        this.allowedRsv = rsvBits;
    }

    /** Makes the running {@link #parse} return after the current sink call, leaving the rest of its input unread. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Takes back a {@link #stop()} made during the running {@link #parse} (reading was paused
     * and resumed within one sink call): parsing goes on after the current call. A
     * {@link #suspend()} is not taken back.
     */
    public void cancelStop() {
        if (!suspendRequested) {
            stopRequested = false;
        }
    }

    /**
     * Makes the running {@link #parse} return after the current {@link FrameSink#framePayload}
     * call, leaving unread the bytes of that payload piece from its position on: the sink took
     * only some of them (it ran out of memory to put them in). They are masked again, so the
     * next {@code parse} offered them reads them as if they had never been seen.
     */
    public void suspend() {
        stopRequested = true;
        suspendRequested = true;
    }

    /**
     * Whether a fragmented message has started and its final frame has not yet been parsed.
     *
     * @return true between a non-final data frame and the final continuation frame
     */
    public boolean isFragmentedMessageOpen() {
        return fragmentedMessageOpen;
    }

    /**
     * Parses as many frames as {@code in} holds, reporting them to {@code sink}. On return
     * the input's position is past every byte consumed: all of it, unless {@link #stop()} was
     * called. Its limit is left as it was.
     *
     * @param in the bytes read, between its position and limit
     * @param sink where frame headers and payloads are reported
     * @throws ProtocolException at the first violation; the parser must then not be used again
     */
    public void parse(ByteBuffer in, FrameSink sink) throws ProtocolException {
        stopRequested = false;
        suspendRequested = false;
        while (!stopRequested) {
            if (!inPayload) {
                if (!readHeader(in, sink)) {
                    return;
                }
                if (payloadLength == 0) {
                    deliver(in, 0, sink);
                    continue;
                }
            }
            if (!in.hasRemaining()) {
                return;
            }
            deliver(in, (int) Math.min(payloadLength - payloadDone, in.remaining()), sink);
        }
    }

    /**
     * Bytes of the current frame's payload not yet seen.
     *
     * @return how many are still to come; 0 between frames
     */
    public long payloadRemaining() {
        return inPayload ? payloadLength - payloadDone : 0;
    }

    /**
     * Payload bytes of the current frame that the transport read straight into where they go,
     * without passing them through {@link #parse}: unmasks them in place and counts them.
     *
     * @param into the buffer they were read into
     * @param from the absolute index of the first of them
     * @param n    how many, at most {@link #payloadRemaining()}
     * @return whether they end the frame
     */
    public boolean payloadReadInPlace(ByteBuffer into, int from, int n) {
        if (expectMasked) {
            Masking.mask(into, from, from + n, maskKey, payloadDone);
        }
        payloadDone += n;
        if (payloadDone == payloadLength) {
            inPayload = false;
            return true;
        }
        return false;
    }

    /** Hands {@code n} payload bytes at the input's position to the sink, unmasked. */
    private void deliver(ByteBuffer in, int n, FrameSink sink) throws ProtocolException {
        int start = in.position();
        int end = start + n;
        if (expectMasked) {
            Masking.mask(in, start, end, maskKey, payloadDone);
        }
        payloadDone += n;
        boolean endOfFrame = payloadDone == payloadLength;
        if (endOfFrame) {
            inPayload = false;
        }
        int limit = in.limit();
        in.limit(end);
        try {
            sink.framePayload(in, endOfFrame);
        } finally {
            in.limit(limit);
            if (suspendRequested) {
                unread(in, start, end);
            } else {
                in.position(end);
            }
        }
    }

    /** After {@link #suspend()}: the piece's bytes from the input's position to {@code end} stay unread. */
    private void unread(ByteBuffer in, int start, int end) {
        int from = Math.min(Math.max(in.position(), start), end);
        int left = end - from;
        if (left == 0) {
            return;
        }
        payloadDone -= left;
        inPayload = true;
        if (expectMasked) {
            Masking.mask(in, from, end, maskKey, payloadDone);
        }
        in.position(from);
    }

    /** Reads header bytes; returns true once a whole header is parsed and checked. */
    private boolean readHeader(ByteBuffer in, FrameSink sink) throws ProtocolException {
        if (headerHave == 0 && in.remaining() >= MAX_HEADER && in.order() == ByteOrder.BIG_ENDIAN) {
            // The usual case, a whole header in the buffer: three loads instead of byte by byte.
            // The words may take in payload bytes past the header; only header bytes are read.
            int p = in.position();
            headerHigh = in.getLong(p);
            headerLow = ((long) in.getInt(p + 8) << 32) | ((long) (in.getShort(p + 12) & 0xFFFF) << 16);
            headerHave = 2;
            headerNeed = checkFirstTwoBytes();
            headerHave = headerNeed;
            in.position(p + headerNeed);
        }
        while (headerHave < headerNeed) {
            int n = Math.min(headerNeed - headerHave, in.remaining());
            if (n == 0) {
                return false;
            }
            for (int k = 0; k < n; k++) {
                putHeaderByte(headerHave++, in.get());
            }
            if (headerHave == 2) {
                headerNeed = checkFirstTwoBytes();
            }
        }
        int b0 = headerByte(0);
        Opcode opcode = Opcode.of(b0);
        long limit = ((b0 >>> 4) & allowedRsv) != 0 ? maxEncodedFrameSize() : maxFrameSize;
        // A control frame cannot be over any limit (125 bytes at most, checked already).
        long length = readLength(limit, letOversizedThrough);
        clearHeader();
        payloadLength = length;
        payloadDone = 0;
        inPayload = true;
        if (length > limit) {
            sink.oversizedFrameStart((b0 & 0x80) != 0, (b0 >>> 4) & 7, opcode, length, limit);
        } else {
            sink.frameStart((b0 & 0x80) != 0, (b0 >>> 4) & 7, opcode, length);
        }
        return true;
    }

    /**
     * Checks everything the first two bytes decide and returns the full header length.
     * Failing here, before the extended length is read, answers a bad frame as early as possible.
     */
    private int checkFirstTwoBytes() throws ProtocolException {
        int b0 = headerByte(0);
        int b1 = headerByte(1);
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >>> 4) & 7;
        Opcode opcode = Opcode.of(b0);
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;

        if (opcode == null) {
            throw new ProtocolException(ProtocolError.RESERVED_OPCODE, "opcode 0x" + Integer.toHexString(b0 & 0xF));
        }
        if ((rsv & ~allowedRsv) != 0) {
            throw new ProtocolException(ProtocolError.RESERVED_BITS, "rsv bits " + rsv + " not negotiated");
        }
        if (masked != expectMasked) {
            // §5.1: a server MUST close on an unmasked frame; a client MUST close on a masked one.
            throw expectMasked
                    ? new ProtocolException(ProtocolError.UNMASKED_FRAME, "client frame not masked")
                    : new ProtocolException(ProtocolError.MASKED_FRAME, "server frame masked");
        }
        if (opcode.isControl()) {
            if (!fin) {
                throw new ProtocolException(ProtocolError.FRAGMENTED_CONTROL_FRAME, opcode + " without FIN");
            }
            if (len7 > MAX_CONTROL_PAYLOAD) {
                throw new ProtocolException(ProtocolError.CONTROL_FRAME_TOO_LONG, opcode + " longer than 125 bytes");
            }
        } else if (opcode == Opcode.CONTINUATION) {
            if (!fragmentedMessageOpen) {
                throw new ProtocolException(ProtocolError.UNEXPECTED_CONTINUATION, "no message to continue");
            }
            fragmentedMessageOpen = !fin;
        } else {
            if (fragmentedMessageOpen) {
                throw new ProtocolException(ProtocolError.EXPECTED_CONTINUATION, opcode + " inside a fragmented message");
            }
            fragmentedMessageOpen = !fin;
        }
        int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + lengthBytes + (masked ? 4 : 0);
    }

    /**
     * Decodes the payload length and the mask key from a complete header, checking the length's
     * encoding and, unless {@code lenient}, the limit.
     */
    private long readLength(long limit, boolean lenient) throws ProtocolException {
        int len7 = headerByte(1) & 0x7F;
        int at = 2;
        long length;
        if (len7 == 126) {
            length = (headerByte(2) << 8) | headerByte(3);
            at = 4;
            if (length < 126) {
                throw new ProtocolException(ProtocolError.NON_MINIMAL_LENGTH, "16-bit length " + length);
            }
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | headerByte(i);
            }
            at = 10;
            if (length < 0) {
                throw new ProtocolException(ProtocolError.LENGTH_HIGH_BIT, "64-bit length with its high bit set");
            }
            if (length <= 0xFFFF) {
                throw new ProtocolException(ProtocolError.NON_MINIMAL_LENGTH, "64-bit length " + length);
            }
        } else {
            length = len7;
        }
        if (length > limit && !lenient) {
            throw frameTooBig(length, limit);
        }
        if (expectMasked) {
            maskKey = (headerByte(at) << 24) | (headerByte(at + 1) << 16) | (headerByte(at + 2) << 8)
                    | headerByte(at + 3);
        }
        return length;
    }

    /** Forgets the header bytes read: the next byte starts a header. */
    private void clearHeader() {
        headerHave = 0;
        headerNeed = 2;
        headerHigh = 0;
        headerLow = 0;
    }

    private void putHeaderByte(int i, byte b) {
        long v = b & 0xFFL;
        if (i < 8) {
            headerHigh |= v << (56 - 8 * i);
        } else {
            headerLow |= v << (56 - 8 * (i - 8));
        }
    }

    private int headerByte(int i) {
        long word = i < 8 ? headerHigh >>> (56 - 8 * i) : headerLow >>> (56 - 8 * (i - 8));
        return (int) word & 0xFF;
    }
}
