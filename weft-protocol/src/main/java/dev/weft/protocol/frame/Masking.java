package dev.weft.protocol.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 §5.3, eight bytes per step. Masking and unmasking are the same
 * operation. A slice that starts in the middle of a payload passes the payload offset of its
 * first byte, and the key is rotated to match, so a frame split across reads unmasks in place
 * piece by piece.
 *
 * <p>The 32-bit key is in network order: its most significant byte masks payload byte 0.
 */
public final class Masking {
    private static final VarHandle ARRAY_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BUFFER_LONGS =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * Masks {@code bytes[from, to)} in place.
     *
     * @param bytes the payload bytes
     * @param from the first index to mask
     * @param to the index after the last to mask
     * @param key           the frame's masking key
     * @param payloadOffset the offset within the frame's payload of {@code bytes[from]}
     */
    public static void mask(byte[] bytes, int from, int to, int key, long payloadOffset) {
        if (key == 0) {
            return;
        }
        int k = rotate(key, payloadOffset);
        long wide = wide(k);
        int i = from;
        for (int end = to - 7; i < end; i += 8) {
            ARRAY_LONGS.set(bytes, i, (long) ARRAY_LONGS.get(bytes, i) ^ wide);
        }
        for (int shift = 24; i < to; i++, shift -= 8) {
            bytes[i] ^= (byte) (k >>> shift);
        }
    }

    /**
     * Masks {@code buffer}'s bytes at absolute indexes {@code [from, to)} in place, leaving its
     * position and limit alone. Works on heap and direct buffers.
     *
     * @param buffer the payload bytes
     * @param from the first absolute index to mask
     * @param to the absolute index after the last to mask
     * @param key           the frame's masking key
     * @param payloadOffset the offset within the frame's payload of the byte at {@code from}
     */
    public static void mask(ByteBuffer buffer, int from, int to, int key, long payloadOffset) {
        if (key == 0) {
            return;
        }
        if (buffer.hasArray()) {
            int base = buffer.arrayOffset();
            mask(buffer.array(), base + from, base + to, key, payloadOffset);
            return;
        }
        int k = rotate(key, payloadOffset);
        long wide = wide(k);
        int i = from;
        for (int end = to - 7; i < end; i += 8) {
            BUFFER_LONGS.set(buffer, i, (long) BUFFER_LONGS.get(buffer, i) ^ wide);
        }
        for (int shift = 24; i < to; i++, shift -= 8) {
            buffer.put(i, (byte) (buffer.get(i) ^ (k >>> shift)));
        }
    }

    /** The key as it applies to a slice starting at {@code payloadOffset}. */
    private static int rotate(int key, long payloadOffset) {
        return Integer.rotateLeft(key, 8 * (int) (payloadOffset & 3));
    }

    /** Two copies of the key laid out so that a little-endian long read lines up with memory order. */
    private static long wide(int key) {
        long le = Integer.reverseBytes(key) & 0xFFFFFFFFL;
        return le | (le << 32);
    }
}
