package dev.weft.protocol.frame;

import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.Recorder;
import dev.weft.protocol.testing.Splits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.protocol.testing.RawFrame.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 §5.2 (base framing), §5.1 (masking rules), §5.4 and §5.5 (the rules a header decides). */
class FrameParserTest {
    private static final int KEY = 0x37fa213d;

    /** Parses input in every split and returns the frames as "fin rsv opcode payload-hex", checking all splits agree. */
    static List<String> parse(Role role, ProtocolLimits limits, byte[] input) throws ProtocolException {
        List<String> first = null;
        for (List<byte[]> pieces : Splits.all(input)) {
            List<String> frames = new ArrayList<>();
            FrameParser parser = new FrameParser(role, limits);
            StringBuilder payload = new StringBuilder();
            String[] head = new String[1];
            FrameSink sink = new FrameSink() {
                @Override
                public void frameStart(boolean fin, int rsv, Opcode opcode, long length) {
                    head[0] = (fin ? "fin " : "") + (rsv != 0 ? "rsv" + rsv + " " : "") + opcode + " " + length;
                    payload.setLength(0);
                }

                @Override
                public void framePayload(ByteBuffer p, boolean endOfFrame) {
                    payload.append(Recorder.hex(p));
                    if (endOfFrame) {
                        frames.add(head[0] + " " + payload);
                    }
                }
            };
            for (byte[] p : pieces) {
                ByteBuffer buf = ByteBuffer.wrap(p.clone());
                parser.parse(buf, sink);
                assertThat(buf.hasRemaining()).isFalse();
            }
            if (first == null) {
                first = frames;
            } else {
                assertThat(frames).isEqualTo(first);
            }
        }
        return first;
    }

    static List<String> server(byte[] input) throws ProtocolException {
        return parse(Role.SERVER, ProtocolLimits.defaults(), input);
    }

    static List<String> client(byte[] input) throws ProtocolException {
        return parse(Role.CLIENT, ProtocolLimits.defaults(), input);
    }

    static void assertFails(Role role, byte[] input, ProtocolError error) {
        for (List<byte[]> pieces : Splits.all(input)) {
            FrameParser parser = new FrameParser(role, ProtocolLimits.defaults());
            assertThatThrownBy(() -> {
                for (byte[] p : pieces) {
                    parser.parse(ByteBuffer.wrap(p.clone()), new FrameSink() {
                        @Override
                        public void frameStart(boolean fin, int rsv, Opcode opcode, long length) {
                        }

                        @Override
                        public void framePayload(ByteBuffer payload, boolean endOfFrame) {
                        }
                    });
                }
            }).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(error));
        }
    }

    @Nested
    class Section5_7_Examples {
        @Test
        void singleFrameUnmaskedTextMessage() throws ProtocolException {
            assertThat(client(hex("81 05 48 65 6c 6c 6f"))).containsExactly("fin TEXT 5 48656c6c6f");
        }

        @Test
        void singleFrameMaskedTextMessage() throws ProtocolException {
            assertThat(server(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"))).containsExactly("fin TEXT 5 48656c6c6f");
        }

        @Test
        void fragmentedUnmaskedTextMessage() throws ProtocolException {
            assertThat(client(hex("01 03 48 65 6c 80 02 6c 6f")))
                    .containsExactly("TEXT 3 48656c", "fin CONTINUATION 2 6c6f");
        }

        @Test
        void unmaskedPingAndMaskedPong() throws ProtocolException {
            assertThat(client(hex("89 05 48 65 6c 6c 6f"))).containsExactly("fin PING 5 48656c6c6f");
            assertThat(server(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"))).containsExactly("fin PONG 5 48656c6c6f");
        }

        @Test
        void binaryWithSixteenAndSixtyFourBitLengths() throws ProtocolException {
            byte[] p256 = new byte[256];
            assertThat(client(RawFrame.concat(hex("82 7E 01 00"), p256))).singleElement()
                    .satisfies(f -> assertThat(f).startsWith("fin BINARY 256 "));
            byte[] p65536 = new byte[65536];
            List<String> frames = parse(Role.CLIENT, ProtocolLimits.defaults(),
                    RawFrame.concat(hex("82 7F 00 00 00 00 00 01 00 00"), p65536).clone());
            assertThat(frames).singleElement().satisfies(f -> assertThat(f).startsWith("fin BINARY 65536 "));
        }
    }

    @Nested
    class PayloadLength {
        @Test
        void eachEncodingAtItsBoundaries() throws ProtocolException {
            for (int n : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
                byte[] payload = new byte[n];
                List<String> frames = parseOnce(Role.SERVER, RawFrame.binary(payload).mask(KEY).bytes());
                assertThat(frames).singleElement().satisfies(f -> assertThat(f).startsWith("fin BINARY " + n + " "));
            }
        }

        @Test
        void sixtyFourBitLengthWithHighBitSetFails() {
            assertFails(Role.CLIENT, hex("82 7F 80 00 00 00 00 00 00 00"), ProtocolError.LENGTH_HIGH_BIT);
            assertFails(Role.CLIENT, hex("82 7F ff ff ff ff ff ff ff ff"), ProtocolError.LENGTH_HIGH_BIT);
        }

        @Test
        void nonMinimalEncodingsFail() {
            assertFails(Role.CLIENT, RawFrame.binary(new byte[5]).lengthBytes(2).bytes(), ProtocolError.NON_MINIMAL_LENGTH);
            assertFails(Role.CLIENT, RawFrame.binary(new byte[125]).lengthBytes(2).bytes(), ProtocolError.NON_MINIMAL_LENGTH);
            assertFails(Role.CLIENT, RawFrame.binary(new byte[300]).lengthBytes(8).bytes(), ProtocolError.NON_MINIMAL_LENGTH);
            assertFails(Role.CLIENT, RawFrame.binary(new byte[0]).claimLength(65535).lengthBytes(8).bytes(),
                    ProtocolError.NON_MINIMAL_LENGTH);
        }

        @Test
        void frameOverTheLimitFailsFromItsHeaderAlone() {
            ProtocolLimits limits = ProtocolLimits.builder().maxMessageSize(1000).build();
            FrameParser parser = new FrameParser(Role.CLIENT, limits);
            byte[] header = RawFrame.binary(new byte[0]).claimLength(1001).bytes();
            assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(header), new NoSink()))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.error()).isEqualTo(ProtocolError.FRAME_TOO_BIG);
                        assertThat(e.closeCode()).isEqualTo(1009);
                    });
            FrameParser atLimit = new FrameParser(Role.CLIENT, limits);
            ByteBuffer ok = ByteBuffer.wrap(RawFrame.binary(new byte[1000]).bytes());
            org.assertj.core.api.Assertions.assertThatCode(() -> atLimit.parse(ok, new NoSink())).doesNotThrowAnyException();
        }

        @Test
        void hugeClaimedLengthIsRefusedAtOnce() {
            assertFails(Role.CLIENT, hex("82 7F 7f ff ff ff ff ff ff ff"), ProtocolError.FRAME_TOO_BIG);
        }
    }

    @Nested
    class Section5_1_Masking {
        @Test
        void serverFailsUnmaskedFrames() {
            assertFails(Role.SERVER, RawFrame.text("hi").bytes(), ProtocolError.UNMASKED_FRAME);
        }

        @Test
        void clientFailsMaskedFrames() {
            assertFails(Role.CLIENT, RawFrame.text("hi").mask(KEY).bytes(), ProtocolError.MASKED_FRAME);
        }

        @Test
        void everyMaskKeyUnmasksAcrossSplits() throws ProtocolException {
            for (int key : new int[] {0, -1, 0x01020304, 0x80000000}) {
                assertThat(server(RawFrame.text("Hello, world!").mask(key).bytes()))
                        .containsExactly("fin TEXT 13 " + Recorder.hex("Hello, world!"));
            }
        }
    }

    @Nested
    class ReservedBitsAndOpcodes {
        @Test
        void anyRsvBitFailsUnlessAllowed() {
            for (int rsv = 1; rsv < 8; rsv++) {
                assertFails(Role.CLIENT, RawFrame.text("x").rsv(rsv).bytes(), ProtocolError.RESERVED_BITS);
            }
        }

        @Test
        void allowedRsvBitsPassAndOthersStillFail() throws ProtocolException {
            FrameParser parser = new FrameParser(Role.CLIENT, ProtocolLimits.defaults());
            parser.allowRsv(FrameParser.RSV1);
            List<Integer> seen = new ArrayList<>();
            parser.parse(ByteBuffer.wrap(RawFrame.text("x").rsv(4).bytes()), new NoSink() {
                @Override
                public void frameStart(boolean fin, int rsv, Opcode opcode, long length) {
                    seen.add(rsv);
                }
            });
            assertThat(seen).containsExactly(4);
            assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(RawFrame.text("x").rsv(2).bytes()), new NoSink()))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.error()).isEqualTo(ProtocolError.RESERVED_BITS));
        }

        @Test
        void everyReservedOpcodeFails() {
            for (int op : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
                assertFails(Role.CLIENT, RawFrame.opcode(op).bytes(), ProtocolError.RESERVED_OPCODE);
            }
        }
    }

    @Nested
    class Section5_5_ControlFrames {
        @Test
        void controlFramesOfUpTo125BytesPass() throws ProtocolException {
            assertThat(client(RawFrame.ping(new byte[125]).bytes())).singleElement()
                    .satisfies(f -> assertThat(f).startsWith("fin PING 125 "));
        }

        @Test
        void controlFramesOver125BytesFail() {
            assertFails(Role.CLIENT, RawFrame.ping(new byte[126]).bytes(), ProtocolError.CONTROL_FRAME_TOO_LONG);
            assertFails(Role.CLIENT, RawFrame.closeEmpty().claimLength(70000).bytes(), ProtocolError.CONTROL_FRAME_TOO_LONG);
        }

        @Test
        void fragmentedControlFramesFail() {
            assertFails(Role.CLIENT, RawFrame.ping(new byte[1]).fin(false).bytes(), ProtocolError.FRAGMENTED_CONTROL_FRAME);
            assertFails(Role.CLIENT, RawFrame.pong(new byte[0]).fin(false).bytes(), ProtocolError.FRAGMENTED_CONTROL_FRAME);
        }
    }

    @Nested
    class Section5_4_Fragmentation {
        @Test
        void controlFramesMayComeBetweenFragments() throws ProtocolException {
            byte[] in = RawFrame.concat(
                    RawFrame.text("a").fin(false).bytes(),
                    RawFrame.ping(new byte[] {1}).bytes(),
                    RawFrame.continuation("b").fin(false).bytes(),
                    RawFrame.pong(new byte[0]).bytes(),
                    RawFrame.continuation("c").bytes());
            assertThat(client(in)).containsExactly("TEXT 1 61", "fin PING 1 01", "CONTINUATION 1 62",
                    "fin PONG 0 ", "fin CONTINUATION 1 63");
        }

        @Test
        void continuationWithoutStartFails() {
            assertFails(Role.CLIENT, RawFrame.continuation("x").bytes(), ProtocolError.UNEXPECTED_CONTINUATION);
            assertFails(Role.CLIENT, RawFrame.concat(RawFrame.text("done").bytes(), RawFrame.continuation("x").bytes()),
                    ProtocolError.UNEXPECTED_CONTINUATION);
        }

        @Test
        void newDataFrameInsideFragmentedMessageFails() {
            assertFails(Role.CLIENT, RawFrame.concat(RawFrame.text("a").fin(false).bytes(), RawFrame.text("b").bytes()),
                    ProtocolError.EXPECTED_CONTINUATION);
            assertFails(Role.CLIENT, RawFrame.concat(RawFrame.binary(new byte[1]).fin(false).bytes(),
                    RawFrame.binary(new byte[1]).bytes()), ProtocolError.EXPECTED_CONTINUATION);
        }
    }

    @Test
    void stopLeavesTheRestUnread() throws ProtocolException {
        FrameParser parser = new FrameParser(Role.CLIENT, ProtocolLimits.defaults());
        byte[] two = RawFrame.concat(RawFrame.text("a").bytes(), RawFrame.text("b").bytes());
        ByteBuffer in = ByteBuffer.wrap(two);
        parser.parse(in, new NoSink() {
            @Override
            public void framePayload(ByteBuffer payload, boolean endOfFrame) {
                parser.stop();
            }
        });
        assertThat(in.position()).isEqualTo(3);
        assertThat(in.limit()).isEqualTo(6);
    }

    private static List<String> parseOnce(Role role, byte[] input) throws ProtocolException {
        return parse(role, ProtocolLimits.defaults(), input);
    }

    private static class NoSink implements FrameSink {
        @Override
        public void frameStart(boolean fin, int rsv, Opcode opcode, long length) {
        }

        @Override
        public void framePayload(ByteBuffer payload, boolean endOfFrame) {
        }
    }
}
