package dev.weft.protocol.frame;

import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.Role;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6455 §5.2 and §5.3 from the writing side, checked byte for byte and round-tripped through the parser. */
class FrameEncoderTest {
    private static String encode(FrameEncoder encoder, boolean fin, Opcode op, byte[] payload) {
        ByteBuffer dst = ByteBuffer.allocate(encoder.headerSize(payload.length) + payload.length);
        encoder.writeFrame(dst, fin, 0, op, ByteBuffer.wrap(payload));
        assertThat(dst.hasRemaining()).isFalse();
        return HexFormat.of().formatHex(dst.array());
    }

    @Test
    void section5_7_serverHelloIsUnmasked() {
        FrameEncoder server = new FrameEncoder(Role.SERVER, null);
        assertThat(encode(server, true, Opcode.TEXT, "Hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("810548656c6c6f");
        assertThat(encode(server, false, Opcode.TEXT, "Hel".getBytes(StandardCharsets.UTF_8))).isEqualTo("010348656c");
        assertThat(encode(server, true, Opcode.CONTINUATION, "lo".getBytes(StandardCharsets.UTF_8))).isEqualTo("80026c6f");
    }

    @Test
    void section5_7_clientHelloIsMaskedWithTheGivenKey() {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, () -> 0x37fa213d);
        assertThat(encode(client, true, Opcode.TEXT, "Hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("818537fa213d7f9f4d5158");
    }

    @Test
    void lengthEncodingsAtTheirBoundaries() {
        FrameEncoder server = new FrameEncoder(Role.SERVER, null);
        assertThat(encode(server, true, Opcode.BINARY, new byte[125])).startsWith("827d");
        assertThat(encode(server, true, Opcode.BINARY, new byte[126])).startsWith("827e007e");
        assertThat(encode(server, true, Opcode.BINARY, new byte[65535])).startsWith("827effff");
        assertThat(encode(server, true, Opcode.BINARY, new byte[65536])).startsWith("827f0000000000010000");
        assertThat(server.headerSize(125)).isEqualTo(2);
        assertThat(server.headerSize(126)).isEqualTo(4);
        assertThat(server.headerSize(65536)).isEqualTo(10);
        assertThat(new FrameEncoder(Role.CLIENT, () -> 1).headerSize(65536)).isEqualTo(14);
    }

    @Test
    void section10_3_clientDrawsAFreshKeyForEveryFrame() {
        ArrayDeque<Integer> keys = new ArrayDeque<>(List.of(0x11111111, 0x22222222, 0x33333333));
        FrameEncoder client = new FrameEncoder(Role.CLIENT, keys::poll);
        String a = encode(client, true, Opcode.TEXT, new byte[] {0});
        String b = encode(client, true, Opcode.TEXT, new byte[] {0});
        assertThat(a).isEqualTo("81811111111111");
        assertThat(b).isEqualTo("81812222222222");
        assertThat(keys).containsExactly(0x33333333);
    }

    @Test
    void secureMaskSourceKeysDiffer() {
        SecureMaskSource source = new SecureMaskSource();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(source.nextMask());
        }
        // 1000 draws from 2^32 collide with probability about 1e-4; more than 5 repeats means no randomness.
        assertThat(seen.size()).isGreaterThan(995);
    }

    @Test
    void callerPayloadIsNotModified() {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, () -> 0x0badf00d);
        byte[] payload = "do not touch".getBytes(StandardCharsets.UTF_8);
        ByteBuffer src = ByteBuffer.wrap(payload);
        encode(client, true, Opcode.TEXT, payload);
        client.writeFrame(ByteBuffer.allocate(64), true, 0, Opcode.TEXT, src);
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("do not touch");
        assertThat(src.position()).isZero();
    }

    @Test
    void clientFramesParseBackOnTheServer() throws ProtocolException {
        FrameEncoder client = new FrameEncoder(Role.CLIENT, new SecureMaskSource());
        byte[] payload = new byte[70000];
        new java.util.Random(1).nextBytes(payload);
        ByteBuffer dst = ByteBuffer.allocate(client.headerSize(payload.length) + payload.length);
        client.writeFrame(dst, true, 0, Opcode.BINARY, ByteBuffer.wrap(payload));
        List<String> frames = FrameParserTest.parse(Role.SERVER, dev.weft.protocol.ProtocolLimits.defaults(), dst.array());
        assertThat(frames).containsExactly("fin BINARY 70000 " + HexFormat.of().formatHex(payload));
    }
}
