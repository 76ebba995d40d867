package dev.weft.protocol.internal.text;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 §8.1 / RFC 3629: the validator agrees with the JDK's strict decoder on every 1-, 2-
 * and 3-byte sequence, on every 4-byte sequence that starts with a lead byte and continues with
 * continuation bytes, and on 4-byte sequences built from every byte-class boundary; and it
 * fails at the first byte the JDK's decoder cannot extend.
 */
class Utf8ValidatorTest {
    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(16);

    private boolean jdkValid(byte[] b, int n) {
        jdk.reset();
        chars.clear();
        CoderResult r = jdk.decode(ByteBuffer.wrap(b, 0, n), chars, true);
        if (r.isError()) {
            return false;
        }
        return !jdk.flush(chars).isError();
    }

    private static boolean ours(byte[] b, int n) {
        Utf8Validator v = new Utf8Validator();
        boolean valid = v.validate(b, 0, n) < 0 && v.isComplete();
        if ((Utf8Validator.validateWhole(ByteBuffer.wrap(b, 0, n)) == -1) != valid) {
            throw new AssertionError("the whole-message check disagrees on " + java.util.HexFormat.of().formatHex(b, 0, n));
        }
        return valid;
    }

    @Test
    void everyOneAndTwoByteSequence() {
        byte[] b = new byte[2];
        for (int x = 0; x < 256; x++) {
            b[0] = (byte) x;
            assertThat(ours(b, 1)).as("%02x", x).isEqualTo(jdkValid(b, 1));
            for (int y = 0; y < 256; y++) {
                b[1] = (byte) y;
                assertThat(ours(b, 2)).as("%02x %02x", x, y).isEqualTo(jdkValid(b, 2));
            }
        }
    }

    @Test
    void everyThreeByteSequence() {
        byte[] b = new byte[3];
        int mismatches = 0;
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                for (int z = 0; z < 256; z++) {
                    b[0] = (byte) x;
                    b[1] = (byte) y;
                    b[2] = (byte) z;
                    if (ours(b, 3) != jdkValid(b, 3)) {
                        mismatches++;
                    }
                }
            }
        }
        assertThat(mismatches).isZero();
    }

    @Test
    void everyFourByteSequenceOfLeadAndContinuationBytes() {
        byte[] b = new byte[4];
        int valid = 0;
        for (int x = 0xF0; x <= 0xFF; x++) {
            for (int y = 0x80; y <= 0xBF; y++) {
                for (int z = 0x80; z <= 0xBF; z++) {
                    for (int w = 0x80; w <= 0xBF; w++) {
                        b[0] = (byte) x;
                        b[1] = (byte) y;
                        b[2] = (byte) z;
                        b[3] = (byte) w;
                        boolean expected = jdkValid(b, 4);
                        assertThat(ours(b, 4)).isEqualTo(expected);
                        valid += expected ? 1 : 0;
                    }
                }
            }
        }
        // U+10000..U+10FFFF: 1,048,576 code points, all of them four bytes long.
        assertThat(valid).isEqualTo(0x100000);
    }

    @Test
    void fourByteSequencesOfEveryByteClassBoundary() {
        int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
            0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        byte[] b = new byte[4];
        for (int x : edges) {
            for (int y : edges) {
                for (int z : edges) {
                    for (int w : edges) {
                        b[0] = (byte) x;
                        b[1] = (byte) y;
                        b[2] = (byte) z;
                        b[3] = (byte) w;
                        assertThat(ours(b, 4)).as("%02x %02x %02x %02x", x, y, z, w).isEqualTo(jdkValid(b, 4));
                    }
                }
            }
        }
    }

    /**
     * Fail-fast: the index reported is the first i such that no bytes appended to b[0, i] make
     * valid UTF-8 in the JDK's eyes. The JDK's own incremental decoder is no oracle here: it
     * waits for a third byte before refusing a surrogate such as ED A0, where we refuse at A0.
     */
    @Test
    void failsAtTheFirstByteNoContinuationCouldRescue() {
        int[] edges = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC1, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5};
        java.util.Map<String, Boolean> memo = new java.util.HashMap<>();
        byte[] b = new byte[4];
        for (int x : edges) {
            for (int y : edges) {
                for (int z : edges) {
                    for (int w : edges) {
                        b[0] = (byte) x;
                        b[1] = (byte) y;
                        b[2] = (byte) z;
                        b[3] = (byte) w;
                        int expected = -1;
                        for (int n = 1; n <= 4; n++) {
                            byte[] prefix = java.util.Arrays.copyOf(b, n);
                            if (!memo.computeIfAbsent(java.util.HexFormat.of().formatHex(prefix), k -> extendable(prefix))) {
                                expected = n - 1;
                                break;
                            }
                        }
                        assertThat(new Utf8Validator().validate(b, 0, 4))
                                .as("fail index of %s", java.util.HexFormat.of().formatHex(b)).isEqualTo(expected);
                    }
                }
            }
        }
    }

    /** Whether some 0–3 continuation bytes (one of each byte class) complete {@code prefix} into valid UTF-8. */
    private boolean extendable(byte[] prefix) {
        int[] continuations = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF};
        byte[] buf = java.util.Arrays.copyOf(prefix, prefix.length + 3);
        if (jdkValid(buf, prefix.length)) {
            return true;
        }
        for (int k = 1; k <= 3; k++) {
            int combos = (int) Math.pow(continuations.length, k);
            for (int c = 0; c < combos; c++) {
                int rest = c;
                for (int j = 0; j < k; j++) {
                    buf[prefix.length + j] = (byte) continuations[rest % continuations.length];
                    rest /= continuations.length;
                }
                if (jdkValid(buf, prefix.length + k)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void namedInvalidSequencesFailAtTheRightByte() {
        assertFailsAt("c0 80", 0);              // overlong NUL
        assertFailsAt("e0 80 80", 1);           // overlong three-byte
        assertFailsAt("f0 80 80 80", 1);        // overlong four-byte
        assertFailsAt("ed a0 80", 1);           // U+D800, a surrogate
        assertFailsAt("ed bf bf", 1);           // U+DFFF
        assertFailsAt("f4 90 80 80", 1);        // U+110000
        assertFailsAt("f5 80 80 80", 0);        // lead byte above F4
        assertFailsAt("80", 0);                 // stray continuation
        assertFailsAt("41 42 43 44 45 46 47 48 ff", 8); // after an ASCII run
        assertFailsAt("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64", 12); // Autobahn 6.3.1
    }

    private static void assertFailsAt(String hex, int index) {
        byte[] b = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
        assertThat(new Utf8Validator().validate(b, 0, b.length)).as(hex).isEqualTo(index);
        // The whole-message check gives the same index, counted in the buffer, also on a slice of a larger array.
        byte[] padded = new byte[b.length + 3];
        System.arraycopy(b, 0, padded, 3, b.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 3, b.length).slice();
        assertThat(Utf8Validator.validateWhole(slice)).as(hex).isEqualTo(index);
        assertThat(Utf8Validator.validateWhole(ByteBuffer.wrap(padded, 3, b.length))).as(hex).isEqualTo(index + 3);
    }

    @Test
    void truncatedSequencesAreIncompleteAtMessageEnd() {
        for (String hex : new String[] {"c2", "e2 82", "f0 9f 98", "e0 a0"}) {
            byte[] b = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
            Utf8Validator v = new Utf8Validator();
            assertThat(v.validate(b, 0, b.length)).isEqualTo(-1);
            assertThat(v.isComplete()).as(hex).isFalse();
            assertThat(Utf8Validator.validateWhole(ByteBuffer.wrap(b))).as(hex)
                    .isEqualTo(Utf8Validator.ENDS_INSIDE_A_CHARACTER);
        }
    }

    @Test
    void resumesAcrossEverySplitAndAgreesWithTheWhole() {
        Random random = new Random(3629);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0xE000 + random.nextInt(0x1000);
                default -> 0x10000 + random.nextInt(0xFFFFF);
            });
        }
        byte[] valid = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= valid.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            assertThat(v.validate(valid, 0, cut)).isEqualTo(-1);
            assertThat(v.validate(valid, cut, valid.length - cut)).isEqualTo(-1);
            assertThat(v.isComplete()).isTrue();
        }
        byte[] broken = valid.clone();
        broken[broken.length / 2] = (byte) 0xFF;
        for (int cut = 0; cut <= broken.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            int first = v.validate(broken, 0, cut);
            int second = first >= 0 ? first : v.validate(broken, cut, broken.length - cut);
            assertThat(second).isEqualTo(broken.length / 2);
        }
    }

    @Test
    void directBuffersTakeTheSamePath() {
        byte[] text = "héllo wörld, ascii run of some length 0123456789 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(text.length + 4);
        direct.position(4);
        direct.put(text).position(4);
        Utf8Validator v = new Utf8Validator();
        assertThat(v.validate(direct)).isEqualTo(-1);
        assertThat(v.isComplete()).isTrue();
        assertThat(Utf8Validator.validateWhole(direct)).isEqualTo(-1);
        direct.put(20, (byte) 0xC0);
        assertThat(new Utf8Validator().validate(direct)).isEqualTo(20);
        assertThat(Utf8Validator.validateWhole(direct)).isEqualTo(20);
    }
}
