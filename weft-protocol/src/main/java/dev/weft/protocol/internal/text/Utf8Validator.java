package dev.weft.protocol.internal.text;

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
 * <p>The work is a deterministic automaton with nine states, run as a "shift DFA": each byte
 * value has one 64-bit row holding, for every state, the next state's bit offset in six bits,
 * so a step is {@code state = ROW[b] >>> state} (Java's long shift uses only the low six bits).
 * The chain from byte to byte is a single shift, with no branch on the byte: mixed-script text
 * does not stall on mispredicted branches. Runs of ASCII between characters are skipped 32 and
 * then 8 bytes at a time. {@code new String(bytes, UTF_8)} is no validator: it replaces bad
 * bytes silently.
 *
 * <p>Not thread-safe; one per connection direction.
 */
public final class Utf8Validator {
    private static final VarHandle LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONGS_LE =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int BLOCK = 16;

    /** What {@link #validateWhole} returns for bytes that end inside a character. */
    public static final int ENDS_INSIDE_A_CHARACTER = -2;

    // States, as bit offsets into a row (multiples of six). ACCEPT: between characters.
    // REJECT: failed, and absorbing. The rest count the continuation bytes still due; the
    // E0, ED, F0 and F4 states narrow the next byte's range (RFC 3629 §4).
    private static final int ACCEPT = 0;
    private static final int REJECT = 6;
    private static final int NEED_1 = 12;
    private static final int NEED_2 = 18;
    private static final int NEED_3 = 24;
    private static final int AFTER_E0 = 30;  // next in A0..BF, else overlong
    private static final int AFTER_ED = 36;  // next in 80..9F, else a surrogate
    private static final int AFTER_F0 = 42;  // next in 90..BF, else overlong
    private static final int AFTER_F4 = 48;  // next in 80..8F, else above U+10FFFF
    private static final int[] STATES = {ACCEPT, REJECT, NEED_1, NEED_2, NEED_3, AFTER_E0, AFTER_ED, AFTER_F0, AFTER_F4};

    private static final long[] ROW = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long row = 0;
            for (int s : STATES) {
                row |= (long) next(s, b) << s;
            }
            ROW[b] = row;
        }
    }

    /** The transition function, written out as RFC 3629's table of well-formed sequences. */
    private static int next(int state, int b) {
        boolean cont = b >= 0x80 && b <= 0xBF;
        return switch (state) {
            case ACCEPT -> {
                if (b < 0x80) {
                    yield ACCEPT;
                } else if (b >= 0xC2 && b <= 0xDF) {
                    yield NEED_1;
                } else if (b == 0xE0) {
                    yield AFTER_E0;
                } else if (b == 0xED) {
                    yield AFTER_ED;
                } else if (b >= 0xE1 && b <= 0xEF) {
                    yield NEED_2;
                } else if (b == 0xF0) {
                    yield AFTER_F0;
                } else if (b >= 0xF1 && b <= 0xF3) {
                    yield NEED_3;
                } else if (b == 0xF4) {
                    yield AFTER_F4;
                }
                yield REJECT;
            }
            case NEED_1 -> cont ? ACCEPT : REJECT;
            case NEED_2 -> cont ? NEED_1 : REJECT;
            case NEED_3 -> cont ? NEED_2 : REJECT;
            case AFTER_E0 -> b >= 0xA0 && b <= 0xBF ? NEED_1 : REJECT;
            case AFTER_ED -> b >= 0x80 && b <= 0x9F ? NEED_1 : REJECT;
            case AFTER_F0 -> b >= 0x90 && b <= 0xBF ? NEED_2 : REJECT;
            case AFTER_F4 -> b >= 0x80 && b <= 0x8F ? NEED_2 : REJECT;
            default -> REJECT;
        };
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
        return settle(run(state, bytes, offset, length));
    }

    /** Keeps the state a run ended in; returns its failing index, or -1. */
    private int settle(long run) {
        state = (int) (run & 63);
        return (int) (run >>> 8) - 1;
    }

    /**
     * Runs the automaton from state {@code s}: returns the state it ends in (low six bits) and,
     * from bit 8 up, one more than the index of the first byte it rejects (0 if none). No field
     * is touched, so a whole message needs no validator of its own ({@link #validateWhole}).
     */
    private static long run(long s, byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        if (s == REJECT) {
            return length == 0 ? REJECT : ((long) (offset + 1) << 8) | REJECT;
        }
        while (i < end) {
            if ((s & 63) == ACCEPT) {
                i = skipAscii(bytes, i, end);
                if (i == end) {
                    break;
                }
            }
            // REJECT absorbs, so one check per block finds a failure; a rescan finds its byte.
            int blockStart = i;
            long blockState = s;
            int stop = Math.min(end, i + BLOCK);
            for (; i < stop; i++) {
                s = ROW[bytes[i] & 0xFF] >>> s;
            }
            if ((s & 63) == REJECT) {
                return ((long) (firstRejected(bytes, blockStart, blockState) + 1) << 8) | REJECT;
            }
        }
        return s & 63;
    }

    private static int firstRejected(byte[] bytes, int i, long s) {
        while (((s = ROW[bytes[i] & 0xFF] >>> s) & 63) != REJECT) {
            i++;
        }
        return i;
    }

    /** The index of the first byte at or after {@code i} that is not ASCII, or {@code end}; words first. */
    private static int skipAscii(byte[] bytes, int i, int end) {
        while (i + 32 <= end) {
            long any = (long) LONGS_LE.get(bytes, i) | (long) LONGS_LE.get(bytes, i + 8)
                    | (long) LONGS_LE.get(bytes, i + 16) | (long) LONGS_LE.get(bytes, i + 24);
            if ((any & HIGH_BITS) != 0) {
                break;
            }
            i += 32;
        }
        while (i + 8 <= end && ((long) LONGS_LE.get(bytes, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        return i;
    }

    /**
     * Checks the bytes between {@code buffer}'s position and limit without moving either.
     *
     * @return -1, or the absolute index in {@code buffer} of the first invalid byte
     */
    public int validate(ByteBuffer buffer) {
        return settle(run(state, buffer));
    }

    /** {@link #run(long, byte[], int, int)} over the bytes between a buffer's position and limit (absolute indexes). */
    private static long run(long s, ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int base = buffer.arrayOffset();
            long r = run(s, buffer.array(), base + buffer.position(), buffer.remaining());
            long at = r >>> 8;
            return at == 0 ? r : ((at - base) << 8) | (r & 63);
        }
        int i = buffer.position();
        int end = buffer.limit();
        if (s == REJECT) {
            return i == end ? REJECT : ((long) (i + 1) << 8) | REJECT;
        }
        while (i < end) {
            if ((s & 63) == ACCEPT) {
                while (i + 8 <= end && ((long) BUFFER_LONGS_LE.get(buffer, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            s = ROW[buffer.get(i) & 0xFF] >>> s;
            if ((s & 63) == REJECT) {
                return ((long) (i + 1) << 8) | REJECT;
            }
            i++;
        }
        return s & 63;
    }

    /**
     * Checks a whole message, the bytes between {@code buffer}'s position and limit, without
     * moving either and without a validator of its own (a connection whose text messages each
     * arrive in one piece never needs one).
     *
     * @return -1 if they are valid UTF-8, the absolute index of the first invalid byte, or
     *         {@link #ENDS_INSIDE_A_CHARACTER}
     */
    public static int validateWhole(ByteBuffer buffer) {
        long r = run(ACCEPT, buffer);
        int at = (int) (r >>> 8) - 1;
        if (at >= 0) {
            return at;
        }
        return (r & 63) == ACCEPT ? -1 : ENDS_INSIDE_A_CHARACTER;
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
        return isValid(bytes, 0, bytes.length);
    }

    /** Whether {@code length} bytes of {@code bytes} from {@code offset} are, as a whole, valid UTF-8. */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        return run(ACCEPT, bytes, offset, length) == ACCEPT; // no rejected byte, and ends between characters
    }
}
