package dev.weft.protocol.frame;

import org.jspecify.annotations.Nullable;

/** The frame opcodes RFC 6455 §5.2 defines. The others (3–7, 0xB–0xF) are reserved and fail a connection. */
public enum Opcode {
    /** 0x0: the next fragment of a message. */
    CONTINUATION(0x0),
    /** 0x1: the first frame of a text message. */
    TEXT(0x1),
    /** 0x2: the first frame of a binary message. */
    BINARY(0x2),
    /** 0x8: the closing handshake. */
    CLOSE(0x8),
    /** 0x9: a ping, to be answered with a pong carrying the same payload. */
    PING(0x9),
    /** 0xA: a pong, answering a ping or sent unsolicited as a heartbeat. */
    PONG(0xA);

    private static final Opcode[] BY_CODE = new Opcode[16];

    static {
        for (Opcode o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * The four-bit value on the wire.
     *
     * @return the opcode's value, 0–15
     */
    public int code() {
        return code;
    }

    /**
     * Whether this is a control opcode (close, ping, pong): at most 125 bytes, never fragmented (§5.5).
     *
     * @return true for close, ping and pong
     */
    public boolean isControl() {
        return code >= 0x8;
    }

    /**
     * The opcode for a four-bit value, or {@code null} if the value is reserved.
     *
     * @param code the value from a frame header, 0–15
     * @return the opcode, or {@code null} for a reserved value
     */
    public static @Nullable Opcode of(int code) {
        return BY_CODE[code & 0xF];
    }
}
