package dev.weft.protocol.close;

import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 §5.5.1 (close frame body) and §7.4 (status codes). */
class CloseStatusTest {
    private static byte[] payload(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return p;
    }

    @Test
    void everyCodeFromZeroTo65535IsSortedIntoValidOrInvalid() throws ProtocolException {
        int valid = 0;
        for (int code = 0; code <= 0xFFFF; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCode.isValidOnWire(code)).as("code %d", code).isEqualTo(expected);
            byte[] p = payload(code, new byte[0]);
            if (expected) {
                assertThat(CloseStatus.parse(p, 2).code()).isEqualTo(code);
                valid++;
            } else {
                final int c = code;
                assertThatThrownBy(() -> CloseStatus.parse(p, 2)).as("code %d", c)
                        .isInstanceOfSatisfying(ProtocolException.class,
                                e -> assertThat(e.error()).isEqualTo(ProtocolError.INVALID_CLOSE_CODE));
            }
        }
        assertThat(valid).isEqualTo(4 + 8 + 2000);
    }

    @Test
    void reservedLocalCodesAreNeverValidOnTheWire() {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertThat(CloseCode.isValidOnWire(code)).as("code %d", code).isFalse();
        }
    }

    @Test
    void emptyPayloadMeansNoStatus() throws ProtocolException {
        assertThat(CloseStatus.parse(new byte[0], 0)).isEqualTo(CloseStatus.NO_STATUS);
        assertThat(CloseStatus.NO_STATUS.code()).isEqualTo(1005);
        assertThat(CloseStatus.NO_STATUS.toPayload().remaining()).isZero();
    }

    @Test
    void oneBytePayloadIsAProtocolError() {
        assertThatThrownBy(() -> CloseStatus.parse(new byte[] {3}, 1))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.error()).isEqualTo(ProtocolError.CLOSE_PAYLOAD_TOO_SHORT);
                    assertThat(e.closeCode()).isEqualTo(1002);
                });
    }

    @Test
    void reasonMustBeUtf8() throws ProtocolException {
        byte[] bad = payload(1000, new byte[] {(byte) 0xce, (byte) 0xba, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        assertThatThrownBy(() -> CloseStatus.parse(bad, bad.length))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
        byte[] truncated = payload(1000, new byte[] {(byte) 0xe2, (byte) 0x82});
        assertThatThrownBy(() -> CloseStatus.parse(truncated, truncated.length))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1007));
        byte[] good = payload(4000, "κόσμε".getBytes(StandardCharsets.UTF_8));
        assertThat(CloseStatus.parse(good, good.length)).isEqualTo(new CloseStatus(4000, "κόσμε"));
    }

    @Test
    void sendingChecksCodeAndReasonLength() {
        String r123 = "x".repeat(123);
        assertThat(CloseStatus.forSending(1000, r123).toPayload().remaining()).isEqualTo(125);
        assertThatThrownBy(() -> CloseStatus.forSending(1000, r123 + "x")).isInstanceOf(IllegalArgumentException.class);
        // 62 two-byte characters are 124 bytes: over, though only 62 chars.
        assertThatThrownBy(() -> CloseStatus.forSending(1000, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloseStatus.forSending(1005, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloseStatus.forSending(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CloseStatus.forSending(4999, null).reason()).isEmpty();
    }
}
