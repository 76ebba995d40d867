package dev.weft.protocol.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A resumable UTF-8 validator (RFC 3629, as RFC 6455 §8.1 requires of text messages and
 * close reasons). Feed it a message in as many pieces as it arrives; it keeps its place inside
 * a multi-byte sequence across pieces and fails at the first byte that no valid continuation
 * could follow: overlong forms, UTF-16 surrogates, code points above U+10FFFF, stray
 * continuation bytes and the bytes C0, C1, F5–FF. A sequence still open at the end of the
 * message shows as {@link #isComplete()} being false.
 *
 * <p>The work is a deterministic automaton over byte classes, after Björn Höhrmann's design,
 * with an ASCII fast path that checks eight bytes per step while no sequence is open.
 * {@code new String(bytes, UTF_8)} is no validator: it replaces bad bytes silently.
 *
 * <p>Not thread-safe; one per connection direction.
 */
public final class Utf8Validator {
    private static final VarHandle LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONGS_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    // States. ACCEPT: between sequences. REJECT: sticky failure. The others count what is
    // still needed; the E0, ED, F0 and F4 states restrict the next byte's range (§3 of RFC 3629).
    private static final int ACCEPT = 0;
    private static final int REJECT = 1;
    private static final int NEED_1 = 2;
    private static final int NEED_2 = 3;
    private static final int NEED_3 = 4;
    private static final int AFTER_E0 = 5;   // next in A0..BF (else overlong)
    private static final int AFTER_ED = 6;   // next in 80..9F (else surrogate)
    private static final int AFTER_F0 = 7;   // next in 90..BF (else overlong)
    private static final int AFTER_F4 = 8;   // next in 80..8F (else above U+10FFFF)
    private static final int STATES = 9;

    // Byte classes: which transitions a byte can take.
    private static final int C_ASCII = 0;
    private static final int C_CONT_80_8F = 1;
    private static final int C_CONT_90_9F = 2;
    private static final int C_CONT_A0_BF = 3;
    private static final int C_LEAD2 = 4;        // C2..DF
    private static final int C_LEAD3 = 5;        // E1..EC, EE..EF
    private static final int C_E0 = 6;
    private static final int C_ED = 7;
    private static final int C_F0 = 8;
    private static final int C_LEAD4 = 9;        // F1..F3
    private static final int C_F4 = 10;
    private static final int C_INVALID = 11;     // C0, C1, F5..FF
    private static final int CLASSES = 12;

    private static final byte[] CLASS = new byte[256];
    private static final byte[] NEXT = new byte[STATES * CLASSES];

    static {
        for (int b = 0; b < 256; b++) {
            CLASS[b] = (byte) classOf(b);
        }
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        on(ACCEPT, C_ASCII, ACCEPT);
        on(ACCEPT, C_LEAD2, NEED_1);
        on(ACCEPT, C_LEAD3, NEED_2);
        on(ACCEPT, C_E0, AFTER_E0);
        on(ACCEPT, C_ED, AFTER_ED);
        on(ACCEPT, C_F0, AFTER_F0);
        on(ACCEPT, C_LEAD4, NEED_3);
        on(ACCEPT, C_F4, AFTER_F4);
        for (int c : new int[] {C_CONT_80_8F, C_CONT_90_9F, C_CONT_A0_BF}) {
            on(NEED_1, c, ACCEPT);
            on(NEED_2, c, NEED_1);
            on(NEED_3, c, NEED_2);
        }
        on(AFTER_E0, C_CONT_A0_BF, NEED_1);
        on(AFTER_ED, C_CONT_80_8F, NEED_1);
        on(AFTER_ED, C_CONT_90_9F, NEED_1);
        on(AFTER_F0, C_CONT_90_9F, NEED_2);
        on(AFTER_F0, C_CONT_A0_BF, NEED_2);
        on(AFTER_F4, C_CONT_80_8F, NEED_2);
    }

    private static int classOf(int b) {
        if (b < 0x80) {
            return C_ASCII;
        } else if (b < 0x90) {
            return C_CONT_80_8F;
        } else if (b < 0xA0) {
            return C_CONT_90_9F;
        } else if (b < 0xC0) {
            return C_CONT_A0_BF;
        } else if (b < 0xC2) {
            return C_INVALID;
        } else if (b < 0xE0) {
            return C_LEAD2;
        } else if (b == 0xE0) {
            return C_E0;
        } else if (b == 0xED) {
            return C_ED;
        } else if (b < 0xF0) {
            return C_LEAD3;
        } else if (b == 0xF0) {
            return C_F0;
        } else if (b < 0xF4) {
            return C_LEAD4;
        } else if (b == 0xF4) {
            return C_F4;
        }
        return C_INVALID;
    }

    private static void on(int state, int byteClass, int next) {
        NEXT[state * CLASSES + byteClass] = (byte) next;
    }

    private int state = ACCEPT;

    /** A validator at the start of a message. */
    public Utf8Validator() {
    }

    /**
     * Checks {@code length} bytes of {@code bytes} from {@code offset}, continuing from
     * wherever the previous call left off.
     *
     * @return -1 if every byte may belong to valid UTF-8, otherwise the index in {@code bytes}
     *         of the first byte that cannot; the validator then stays failed until {@link #reset()}
     */
    public int validate(byte[] bytes, int offset, int length) {
        int s = state;
        int i = offset;
        int end = offset + length;
        if (s == REJECT) {
            return length == 0 ? -1 : offset;
        }
        while (i < end) {
            if (s == ACCEPT) {
                while (i + 8 <= end && ((long) LONGS_LE.get(bytes, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s * CLASSES + CLASS[bytes[i] & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return i;
            }
            i++;
        }
        state = s;
        return -1;
    }

    /**
     * Checks the bytes between {@code buffer}'s position and limit without moving either.
     *
     * @return -1, or the absolute index in {@code buffer} of the first invalid byte
     */
    public int validate(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int base = buffer.arrayOffset();
            int at = validate(buffer.array(), base + buffer.position(), buffer.remaining());
            return at < 0 ? -1 : at - base;
        }
        int s = state;
        int i = buffer.position();
        int end = buffer.limit();
        if (s == REJECT) {
            return i == end ? -1 : i;
        }
        while (i < end) {
            if (s == ACCEPT) {
                while (i + 8 <= end && ((long) BUFFER_LONGS_LE.get(buffer, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s * CLASSES + CLASS[buffer.get(i) & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return i;
            }
            i++;
        }
        state = s;
        return -1;
    }

    /** Whether the bytes seen so far end on a character boundary: true at a valid message end. */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    /** Whether an invalid byte has been seen. */
    public boolean hasFailed() {
        return state == REJECT;
    }

    /** Starts over, for the next message. */
    public void reset() {
        state = ACCEPT;
    }

    /** Whether {@code bytes} are, as a whole, valid UTF-8. */
    public static boolean isValid(byte[] bytes) {
        Utf8Validator v = new Utf8Validator();
        return v.validate(bytes, 0, bytes.length) < 0 && v.isComplete();
    }
}
