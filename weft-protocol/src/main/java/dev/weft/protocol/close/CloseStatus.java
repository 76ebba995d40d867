package dev.weft.protocol.close;

import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.internal.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The code and reason of a close frame (RFC 6455 §5.5.1). A close frame without a payload is
 * reported as {@link CloseCode#NO_STATUS} with an empty reason.
 *
 * @param code   the close code
 * @param reason the reason, at most 123 bytes of UTF-8 when sent
 */
public record CloseStatus(int code, String reason) {
    /** The longest reason that fits a control frame: 125 bytes less the two-byte code. */
    public static final int MAX_REASON_BYTES = 123;

    /** What a close frame with no payload means. */
    public static final CloseStatus NO_STATUS = new CloseStatus(CloseCode.NO_STATUS, "");

    /**
     * Validates nothing; use {@link #forSending} for a status that will go on the wire.
     *
     * @param code the close code, as received or given
     * @param reason the reason, empty for none, never {@code null}
     */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A status to send, checked against §7.4: the code must be valid on the wire and the reason
     * must fit in 123 bytes of UTF-8.
     *
     * @param code the code to send: 1000, 1001, 1003, 1007–1014 or 3000–4999
     * @param reason the reason, at most 123 bytes in UTF-8; empty for none
     * @return the status, ready for {@link #toPayload()}
     * @throws IllegalArgumentException if either rule is broken
     */
    public static CloseStatus forSending(int code, String reason) {
        String r = reason == null ? "" : reason;
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        int bytes = r.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is " + bytes + " bytes of UTF-8; at most "
                    + MAX_REASON_BYTES + " fit a control frame");
        }
        return new CloseStatus(code, r);
    }

    /**
     * Parses a received close frame's payload (already unmasked).
     *
     * @param payload the frame's payload bytes
     * @param length how many of {@code payload}'s bytes, from index 0, belong to the frame
     * @return the status the peer sent, or {@link #NO_STATUS} for an empty payload
     * @throws ProtocolException 1002 for a one-byte payload or a code not valid on the wire, 1007
     *     for a reason that is not UTF-8
     */
    public static CloseStatus parse(byte[] payload, int length) throws ProtocolException {
        if (length == 0) {
            return NO_STATUS;
        }
        if (length == 1) {
            // §5.5.1: if there is a body, its first two bytes MUST be the status code.
            throw new ProtocolException(ProtocolError.CLOSE_PAYLOAD_TOO_SHORT, "close payload of 1 byte");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseCode.isValidOnWire(code)) {
            throw new ProtocolException(ProtocolError.INVALID_CLOSE_CODE, "close code " + code);
        }
        if (!Utf8Validator.isValid(payload, 2, length - 2)) {
            throw new ProtocolException(ProtocolError.INVALID_UTF8, "close reason is not UTF-8");
        }
        return new CloseStatus(code, new String(payload, 2, length - 2, StandardCharsets.UTF_8));
    }

    /**
     * The payload of a close frame carrying this status: empty for {@link CloseCode#NO_STATUS}.
     *
     * @return a new buffer holding the two-byte code and the UTF-8 reason, ready to read
     */
    public ByteBuffer toPayload() {
        if (code == CloseCode.NO_STATUS) {
            return ByteBuffer.allocate(0);
        }
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + r.length);
        b.putShort((short) code).put(r).flip();
        return b;
    }
}
