package dev.weft.protocol.frame;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 §5.3: the word-wide masking loop agrees with the byte loop at every length, alignment and key offset. */
class MaskingTest {
    private final Random random = new Random(6455);

    /** The RFC's definition, one byte at a time: j = i MOD 4, transformed[i] = original[i] XOR key[j]. */
    private static void byteLoop(byte[] b, int from, int to, int key, long payloadOffset) {
        for (int i = from; i < to; i++) {
            long j = (payloadOffset + i - from) & 3;
            b[i] ^= (byte) (key >>> (24 - 8 * j));
        }
    }

    @Test
    void matchesByteLoopOnArraysAtEveryLengthAlignmentAndOffset() {
        for (int length = 0; length <= 70; length++) {
            for (int align = 0; align < 8; align++) {
                for (int offset = 0; offset < 4; offset++) {
                    byte[] data = new byte[align + length + 3];
                    random.nextBytes(data);
                    int key = random.nextInt();
                    byte[] expected = data.clone();
                    byteLoop(expected, align, align + length, key, offset);
                    Masking.mask(data, align, align + length, key, offset);
                    assertThat(data).as("length %d align %d offset %d", length, align, offset).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void matchesByteLoopOnHeapAndDirectBuffers() {
        for (boolean direct : new boolean[] {false, true}) {
            for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 125, 1000, 65536, 65539}) {
                for (int align = 0; align < 8; align++) {
                    byte[] data = new byte[align + length];
                    random.nextBytes(data);
                    int key = random.nextInt();
                    long offset = random.nextInt(1 << 20);
                    byte[] expected = data.clone();
                    byteLoop(expected, align, align + length, key, offset);
                    ByteBuffer buf = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
                    buf.put(data).clear();
                    Masking.mask(buf, align, align + length, key, offset);
                    byte[] actual = new byte[data.length];
                    buf.get(0, actual);
                    assertThat(actual).as("direct=%s length %d align %d", direct, length, align).isEqualTo(expected);
                    assertThat(buf.position()).isZero();
                }
            }
        }
    }

    @Test
    void maskingTwiceRestoresTheDataAndPiecewiseEqualsWhole() {
        byte[] data = new byte[1001];
        random.nextBytes(data);
        int key = 0x37fa213d;
        byte[] whole = data.clone();
        Masking.mask(whole, 0, whole.length, key, 0);
        byte[] pieces = data.clone();
        int at = 0;
        for (int step : new int[] {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 353, 40}) {
            Masking.mask(pieces, at, at + step, key, at);
            at += step;
        }
        assertThat(at).isEqualTo(1001);
        assertThat(pieces).isEqualTo(whole);
        Masking.mask(whole, 0, whole.length, key, 0);
        assertThat(whole).isEqualTo(data);
    }

    @Test
    void zeroKeyLeavesDataAlone() {
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Masking.mask(data, 0, data.length, 0, 3);
        assertThat(data).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
