package dev.weft.conformance;

/**
 * A raw DEFLATE decoder (RFC 1951) that holds a stream to a window: every back-reference must
 * reach no farther than {@code 2^bits} bytes and no farther than the output so far, across
 * messages when the compressor keeps its context. zlib (and so the JDK) always decodes with a
 * 32 KiB window and would accept a reference too far for a smaller agreed window; this one
 * refuses it, which is how the suite checks that weft's compressor keeps to the window it
 * agreed (RFC 7692 §7.1.2). Written for clarity, not speed: test messages are small.
 */
public final class StrictInflater {
    /** Data that is not valid DEFLATE, or refers beyond the window or the stream's start. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String why) {
            super(why);
        }
    }

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
        769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final int window;
    /** Everything decoded so far on this stream (kept while the peer keeps its context). */
    private byte[] out = new byte[4096];
    private int size;
    private byte[] in;
    private int pos;
    private int bitBuffer;
    private int bitCount;

    /** @param bits the agreed window, 8 to 15 */
    public StrictInflater(int bits) {
        this.window = 1 << bits;
    }

    /** Forgets earlier messages (the compressor reset its context). */
    public void reset() {
        size = 0;
    }

    private void put(int b) {
        if (size == out.length) {
            out = java.util.Arrays.copyOf(out, size * 2);
        }
        out[size++] = (byte) b;
    }

    /**
     * Decodes one message's data, which ends with the {@code 00 00 ff ff} of a sync flush.
     *
     * @throws Invalid for invalid data or a reference beyond the window
     */
    public byte[] inflate(byte[] data) throws Invalid {
        in = data;
        pos = 0;
        bitBuffer = 0;
        bitCount = 0;
        int start = size;
        try {
            while (pos < in.length || bitCount > 0) {
                if (pos >= in.length && bitCount < 3) {
                    break; // padding bits after the last block
                }
                boolean last = bits(1) == 1;
                int type = bits(2);
                switch (type) {
                    case 0 -> stored();
                    case 1 -> codes(Huffman.FIXED_LITERALS, Huffman.FIXED_DISTANCES);
                    case 2 -> dynamic();
                    default -> throw new Invalid("invalid deflate block type 3");
                }
                if (last) {
                    break;
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new Invalid("deflate data ends inside a block");
        }
        return java.util.Arrays.copyOfRange(out, start, size);
    }

    private int bits(int need) {
        while (bitCount < need) {
            bitBuffer |= (in[pos++] & 0xFF) << bitCount;
            bitCount += 8;
        }
        int v = bitBuffer & ((1 << need) - 1);
        bitBuffer >>>= need;
        bitCount -= need;
        return v;
    }

    private void stored() throws Invalid {
        bitBuffer = 0;
        bitCount = 0;
        int len = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
        int nlen = (in[pos + 2] & 0xFF) | (in[pos + 3] & 0xFF) << 8;
        if (len != (~nlen & 0xFFFF)) {
            throw new Invalid("stored block length check failed");
        }
        pos += 4;
        for (int k = 0; k < len; k++) {
            put(in[pos + k]);
        }
        pos += len;
    }

    private void dynamic() throws Invalid {
        int literals = bits(5) + 257;
        int distances = bits(5) + 1;
        int codeLengths = bits(4) + 4;
        int[] lengths = new int[19];
        for (int i = 0; i < codeLengths; i++) {
            lengths[CODE_LENGTH_ORDER[i]] = bits(3);
        }
        Huffman lengthCode = new Huffman(lengths);
        int[] both = new int[literals + distances];
        for (int i = 0; i < both.length; ) {
            int symbol = lengthCode.decode(this);
            if (symbol < 16) {
                both[i++] = symbol;
            } else {
                int repeat;
                int value = 0;
                if (symbol == 16) {
                    if (i == 0) {
                        throw new Invalid("repeat with no previous length");
                    }
                    value = both[i - 1];
                    repeat = 3 + bits(2);
                } else if (symbol == 17) {
                    repeat = 3 + bits(3);
                } else {
                    repeat = 11 + bits(7);
                }
                for (int k = 0; k < repeat; k++) {
                    both[i++] = value;
                }
            }
        }
        codes(new Huffman(java.util.Arrays.copyOfRange(both, 0, literals)),
                new Huffman(java.util.Arrays.copyOfRange(both, literals, both.length)));
    }

    private void codes(Huffman literals, Huffman distances) throws Invalid {
        while (true) {
            int symbol = literals.decode(this);
            if (symbol < 256) {
                put(symbol);
            } else if (symbol == 256) {
                return;
            } else {
                int s = symbol - 257;
                if (s >= 29) {
                    throw new Invalid("invalid length symbol " + symbol);
                }
                int length = LENGTH_BASE[s] + bits(LENGTH_EXTRA[s]);
                int d = distances.decode(this);
                if (d >= 30) {
                    throw new Invalid("invalid distance symbol " + d);
                }
                int distance = DIST_BASE[d] + bits(DIST_EXTRA[d]);
                if (distance > window) {
                    throw new Invalid("a back-reference of " + distance + " bytes, beyond the agreed window of " + window);
                }
                if (distance > size) {
                    throw new Invalid("a back-reference of " + distance + " bytes, before the start of the stream");
                }
                for (int k = 0; k < length; k++) {
                    put(out[size - distance]);
                }
            }
        }
    }

    /** A canonical Huffman code (RFC 1951 §3.2.2), decoded bit by bit. */
    private static final class Huffman {
        static final Huffman FIXED_LITERALS;
        static final Huffman FIXED_DISTANCES;

        static {
            int[] l = new int[288];
            java.util.Arrays.fill(l, 0, 144, 8);
            java.util.Arrays.fill(l, 144, 256, 9);
            java.util.Arrays.fill(l, 256, 280, 7);
            java.util.Arrays.fill(l, 280, 288, 8);
            FIXED_LITERALS = new Huffman(l);
            int[] d = new int[30];
            java.util.Arrays.fill(d, 5);
            FIXED_DISTANCES = new Huffman(d);
        }

        private final int[] counts = new int[16];
        private final int[] symbols;

        Huffman(int[] lengths) {
            for (int len : lengths) {
                counts[len]++;
            }
            counts[0] = 0;
            int[] offsets = new int[16];
            for (int len = 1; len < 16; len++) {
                offsets[len] = offsets[len - 1] + counts[len - 1];
            }
            symbols = new int[lengths.length];
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] != 0) {
                    symbols[offsets[lengths[s]]++] = s;
                }
            }
        }

        int decode(StrictInflater from) throws Invalid {
            int code = 0;
            int first = 0;
            int index = 0;
            for (int len = 1; len < 16; len++) {
                code |= from.bits(1);
                int count = counts[len];
                if (code - count < first) {
                    return symbols[index + (code - first)];
                }
                index += count;
                first += count;
                first <<= 1;
                code <<= 1;
            }
            throw new Invalid("invalid Huffman code");
        }
    }
}
