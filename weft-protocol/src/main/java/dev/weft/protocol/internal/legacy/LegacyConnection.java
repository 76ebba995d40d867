package dev.weft.protocol.internal.legacy;

import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.Role;
import dev.weft.protocol.WireProtocol;
import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.internal.text.Utf8Encoder;
import dev.weft.protocol.internal.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A server connection speaking draft-hixie-75 or -76, the framing before RFC 6455: a text
 * message is {@code 0x00}, its UTF-8 bytes, {@code 0xFF}; a frame whose type byte has the high
 * bit set carries a length in 7-bit groups and is skipped (no draft defined one but
 * {@code 0xFF 0x00}, which -76 made its closing frame). There are no binary messages, pings,
 * fragments, masks or close codes, so those sends throw {@link UnsupportedOperationException}.
 *
 * <p>Closing: on -76 each side sends {@code 0xFF 0x00}, and the server closes TCP once both
 * have gone (or its close timer runs out waiting for the answer); the peer's closing frame is reported with code 1005 (no status), and the
 * answer to ours with the code we closed with. On -75, which has no closing frame, closing is
 * closing TCP, and the peer closing TCP is its close. Invalid UTF-8 (1007) and messages over
 * the limit (1009) fail the connection, reported with those codes though none goes on the wire.
 */
public final class LegacyConnection implements WireProtocol {
    private static final byte TEXT_START = 0x00;
    private static final byte TEXT_END = (byte) 0xFF;
    /** The largest message buffer kept between messages. */
    private static final int KEPT_BUFFER = 8192;

    private final boolean draft76;
    private final ProtocolEvents events;
    private final Outbound out;
    private final int maxMessageSize;

    private CloseHandshake state = CloseHandshake.OPEN;
    private CloseStatus closeSent;
    private CloseStatus closeReceived;
    private boolean paused;

    /** Where the parser is: between frames, in a text frame, discarding one, or in a length-prefixed frame. */
    private enum Phase { FRAME_START, TEXT, DISCARD_TEXT, LENGTH, SKIP }

    private Phase phase = Phase.FRAME_START;
    private int frameType;
    private long skipLength;
    private byte[] message = new byte[0];
    private int messageLength;

    /**
     * @param version        75 or 76
     * @param maxMessageSize the largest text message accepted, in UTF-8 bytes
     */
    public LegacyConnection(int version, int maxMessageSize, ProtocolEvents events, Outbound out) {
        if (version != 75 && version != 76) {
            throw new IllegalArgumentException("legacy drafts are 75 and 76, not " + version);
        }
        this.draft76 = version == 76;
        this.maxMessageSize = maxMessageSize;
        this.events = events;
        this.out = out;
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void receive(ByteBuffer in) {
        try {
            while (in.hasRemaining() && state.canReceive() && !paused) {
                step(in);
            }
        } catch (ProtocolException e) {
            fail(e.closeCode());
            events.onFailure(e);
        }
        if (!state.canReceive()) {
            in.position(in.limit());
        }
    }

    /** Consumes input for the current phase: one byte between frames, a run of bytes inside one. */
    private void step(ByteBuffer in) throws ProtocolException {
        switch (phase) {
            case FRAME_START -> {
                frameType = in.get() & 0xFF;
                if ((frameType & 0x80) == 0) {
                    phase = frameType == 0 ? Phase.TEXT : Phase.DISCARD_TEXT;
                    messageLength = 0;
                } else {
                    phase = Phase.LENGTH;
                    skipLength = 0;
                }
            }
            case TEXT -> readText(in);
            case DISCARD_TEXT -> {
                int end = indexOfEnd(in);
                in.position(end < 0 ? in.limit() : end + 1);
                if (end >= 0) {
                    phase = Phase.FRAME_START;
                }
            }
            case LENGTH -> {
                int b = in.get() & 0xFF;
                skipLength = skipLength * 128 + (b & 0x7F);
                if (skipLength > maxMessageSize) {
                    throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
                            "length-prefixed frame of more than " + maxMessageSize + " bytes");
                }
                if ((b & 0x80) == 0) {
                    if (frameType == 0xFF && skipLength == 0) {
                        phase = Phase.FRAME_START;
                        closingFrameReceived();
                    } else {
                        phase = skipLength == 0 ? Phase.FRAME_START : Phase.SKIP;
                    }
                }
            }
            case SKIP -> {
                int n = (int) Math.min(in.remaining(), skipLength);
                in.position(in.position() + n);
                skipLength -= n;
                if (skipLength == 0) {
                    phase = Phase.FRAME_START;
                }
            }
        }
    }

    /** Gathers a text frame's bytes up to its 0xFF, then checks them as UTF-8 and delivers the message. */
    private void readText(ByteBuffer in) throws ProtocolException {
        int end = indexOfEnd(in);
        int n = (end < 0 ? in.limit() : end) - in.position();
        if ((long) messageLength + n > maxMessageSize) {
            throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG, "text message of more than " + maxMessageSize + " bytes");
        }
        if (messageLength + n > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + n, Math.min(maxMessageSize, message.length * 2)));
        }
        in.get(message, messageLength, n);
        messageLength += n;
        if (end < 0) {
            return;
        }
        in.get(); // the 0xFF
        phase = Phase.FRAME_START;
        if (!Utf8Validator.isValid(message, 0, messageLength)) {
            throw new ProtocolException(ProtocolError.INVALID_UTF8, "text message is not valid UTF-8");
        }
        String text = new String(message, 0, messageLength, StandardCharsets.UTF_8);
        if (message.length > KEPT_BUFFER) {
            message = new byte[0]; // one large message should not pin its buffer for the connection's life
        }
        events.onText(text);
    }

    private static int indexOfEnd(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == TEXT_END) {
                return i;
            }
        }
        return -1;
    }

    private void closingFrameReceived() {
        if (state == CloseHandshake.OUTPUT_SHUT) {
            closeReceived = closeSent; // the answer to ours
        } else {
            closeReceived = CloseStatus.NO_STATUS;
            writeClosingFrame();
        }
        state = CloseHandshake.CLOSED;
        events.onCloseReceived(closeReceived);
        out.closeTransport();
    }

    @Override
    public void receiveEof() {
        if (!draft76 && state == CloseHandshake.OPEN) {
            // Draft-75 has no closing frame: the peer closing TCP is how it closes.
            closeReceived = CloseStatus.NO_STATUS;
            state = CloseHandshake.CLOSED;
            events.onCloseReceived(closeReceived);
        }
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        paused = false;
    }

    @Override
    public boolean isReadingPaused() {
        return paused;
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void sendText(CharSequence text, int utf8Length, boolean compress) {
        checkCanSend();
        ByteBuffer frame = ByteBuffer.allocate(utf8Length + 2);
        frame.put(TEXT_START);
        Utf8Encoder.encode(text, utf8Length, frame);
        frame.put(TEXT_END).flip();
        out.write(null, frame);
    }

    @Override
    public void sendEncoded(ByteBuffer frame) {
        checkCanSend();
        int b0 = frame.get(frame.position()) & 0xFF;
        if (b0 != (0x80 | Opcode.TEXT.code())) {
            throw new UnsupportedOperationException(draftName() + " carries only whole, uncompressed text messages");
        }
        int b1 = frame.get(frame.position() + 1) & 0x7F;
        int headerLength = b1 < 126 ? 2 : b1 == 126 ? 4 : 10;
        ByteBuffer payload = frame.duplicate().position(frame.position() + headerLength);
        ByteBuffer legacy = ByteBuffer.allocate(payload.remaining() + 2);
        legacy.put(TEXT_START).put(payload).put(TEXT_END).flip();
        out.write(null, legacy);
    }

    @Override
    public void sendBinary(ByteBuffer data, boolean compress) {
        throw unsupported("binary messages");
    }

    @Override
    public void sendFragment(Opcode type, ByteBuffer data, boolean last) {
        throw unsupported("fragmented messages");
    }

    @Override
    public void sendTextFragment(CharSequence text, int utf8Length, boolean last) {
        throw unsupported("fragmented messages");
    }

    @Override
    public void ping(ByteBuffer data) {
        throw unsupported("pings");
    }

    @Override
    public void pong(ByteBuffer data) {
        throw unsupported("pongs");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(draftName() + " has no " + what + "; they need protocol version 8 or 13");
    }

    private String draftName() {
        return draft76 ? "draft-hixie-76" : "draft-hixie-75";
    }

    private void checkCanSend() {
        if (!state.canSend()) {
            throw new IllegalStateException("cannot send: connection is " + state);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close(int code, String reason) {
        CloseStatus status = CloseStatus.forSending(code, reason);
        if (closeSent != null) {
            throw new IllegalStateException("close already started");
        }
        closeSent = status;
        if (draft76) {
            // The peer answers with its own closing frame; then TCP closes (or the close timer ends it).
            state = CloseHandshake.OUTPUT_SHUT;
            writeClosingFrame();
        } else {
            // Nothing to wait for: closing TCP is all draft-75 has.
            closeReceived = status;
            state = CloseHandshake.CLOSED;
            out.closeTransport();
        }
    }

    @Override
    public void fail(int code) {
        if (state == CloseHandshake.FAILED || state == CloseHandshake.CLOSED) {
            return;
        }
        if (draft76 && closeSent == null) {
            writeClosingFrame();
        }
        closeSent = CloseStatus.forSending(code, "");
        state = CloseHandshake.FAILED;
        out.closeTransport();
    }

    private void writeClosingFrame() {
        out.write(null, ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0x00}));
    }

    @Override
    public CloseHandshake state() {
        return state;
    }

    @Override
    public boolean closeExpected() {
        return state == CloseHandshake.OUTPUT_SHUT;
    }

    @Override
    public CloseStatus closeSent() {
        return closeSent;
    }

    @Override
    public CloseStatus closeReceived() {
        return closeReceived;
    }

    @Override
    public boolean isCleanClose() {
        return state == CloseHandshake.CLOSED;
    }

    @Override
    public void release() {
        message = null;
    }

    @Override
    public Role role() {
        return Role.SERVER;
    }
}
