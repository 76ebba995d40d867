package dev.weft.protocol.internal.text;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encoder writes exactly what the JDK's UTF-8 encoder writes, on its bulk path and its char path. */
class Utf8EncoderTest {
    private static byte[] encode(CharSequence text, ByteBuffer dst) {
        int length = Utf8Encoder.encodedLength(text);
        int start = dst.position();
        Utf8Encoder.encode(text, length, dst);
        assertThat(dst.position() - start).isEqualTo(length);
        byte[] out = new byte[length];
        dst.get(start, out);
        return out;
    }

    @Test
    void matchesTheJdkForAsciiMixedAndSupplementaryText() {
        for (String s : List.of("", "hello", "{\"id\":1}".repeat(100), "héllo wörld", "日本語", "emoji 😀 end", "a\u0080b\u07FFc\u0800")) {
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertThat(encode(s, ByteBuffer.allocate(expected.length + 8).position(3))).isEqualTo(expected);
            assertThat(encode(new StringBuilder(s), ByteBuffer.allocate(expected.length))).isEqualTo(expected);
            assertThat(encode(s, ByteBuffer.allocateDirect(expected.length))).isEqualTo(expected);
        }
    }

    @Test
    void bulkPathHonoursASlicedBuffersOffset() {
        byte[] backing = new byte[32];
        ByteBuffer slice = ByteBuffer.wrap(backing, 10, 20).slice();
        Utf8Encoder.encode("ascii", 5, slice.position(2));
        assertThat(Arrays.copyOfRange(backing, 12, 17)).isEqualTo("ascii".getBytes(StandardCharsets.US_ASCII));
        assertThat(backing[11]).isZero();
        assertThat(backing[17]).isZero();
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThatThrownBy(() -> Utf8Encoder.encodedLength("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
    }
}
