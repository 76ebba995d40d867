package dev.weft.protocol;

import dev.weft.protocol.close.CloseCode;

/**
 * Every way a peer can break RFC 6455, each with the close code it earns and a stable
 * name to log and assert on. This enum is the one place that maps a violation to its
 * close code.
 */
public enum ProtocolError {
    /** An opcode the RFC reserves (3–7, 0xB–0xF), §5.2. */
    RESERVED_OPCODE(CloseCode.PROTOCOL_ERROR),
    /** An RSV bit set that no negotiated extension owns, §5.2. */
    RESERVED_BITS(CloseCode.PROTOCOL_ERROR),
    /** A server received a frame without a mask, §5.1. */
    UNMASKED_FRAME(CloseCode.PROTOCOL_ERROR),
    /** A client received a masked frame, §5.1. */
    MASKED_FRAME(CloseCode.PROTOCOL_ERROR),
    /** A 64-bit payload length with its most significant bit set, §5.2. */
    LENGTH_HIGH_BIT(CloseCode.PROTOCOL_ERROR),
    /** A payload length not in its shortest encoding, §5.2 ("the minimal number of bytes MUST be used"). */
    NON_MINIMAL_LENGTH(CloseCode.PROTOCOL_ERROR),
    /** A control frame with more than 125 bytes of payload, §5.5. */
    CONTROL_FRAME_TOO_LONG(CloseCode.PROTOCOL_ERROR),
    /** A control frame without FIN, §5.5 ("Control frames MUST NOT be fragmented"). */
    FRAGMENTED_CONTROL_FRAME(CloseCode.PROTOCOL_ERROR),
    /** A continuation frame with no message to continue, §5.4. */
    UNEXPECTED_CONTINUATION(CloseCode.PROTOCOL_ERROR),
    /** A new text or binary frame while a fragmented message is still open, §5.4. */
    EXPECTED_CONTINUATION(CloseCode.PROTOCOL_ERROR),
    /** A close frame with a one-byte payload, §5.5.1. */
    CLOSE_PAYLOAD_TOO_SHORT(CloseCode.PROTOCOL_ERROR),
    /** A close frame carrying a code that may not appear on the wire, §7.4. */
    INVALID_CLOSE_CODE(CloseCode.PROTOCOL_ERROR),
    /** Text or a close reason that is not valid UTF-8, §8.1. */
    INVALID_UTF8(CloseCode.INVALID_PAYLOAD),
    /** A compressed message that does not inflate (RFC 7692). */
    INVALID_COMPRESSED_DATA(CloseCode.INVALID_PAYLOAD),
    /** RSV1 set on a continuation frame of a compressed message (RFC 7692 §6.1). */
    COMPRESSED_CONTINUATION(CloseCode.PROTOCOL_ERROR),
    /** A frame longer than the configured frame limit. */
    FRAME_TOO_BIG(CloseCode.MESSAGE_TOO_BIG),
    /** A message longer than the configured message limit (fragments are charged a fixed overhead too). */
    MESSAGE_TOO_BIG(CloseCode.MESSAGE_TOO_BIG);

    private final int closeCode;

    ProtocolError(int closeCode) {
        this.closeCode = closeCode;
    }

    /**
     * The close code sent to the peer when the connection fails for this reason.
     *
     * @return 1002, 1007 or 1009
     */
    public int closeCode() {
        return closeCode;
    }

    /**
     * The stable identifier for logs and tests, such as {@code WEFT_ERR_RESERVED_BITS}.
     *
     * @return the identifier
     */
    public String id() {
        return "WEFT_ERR_" + name();
    }
}
