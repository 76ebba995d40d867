package dev.weft.protocol;

import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.Recorder;
import dev.weft.protocol.testing.Splits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.weft.protocol.testing.RawFrame.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection as a whole, grouped by RFC 6455 section: bytes in, events and frames out.
 * Every input is fed whole, split at each offset and one byte at a time, with the same result.
 */
class ProtocolConnectionTest {
    private static final int KEY = 0x37fa213d;

    private Recorder rec;
    private ProtocolConnection conn;
    /** Shared by every server a test makes, so each also runs on parsers and assemblers another one gave back. */
    private final ReceptionPool receptions = new ReceptionPool();

    private ProtocolConnection server(Consumer<ProtocolConnection.Builder> options) {
        rec = new Recorder();
        ProtocolConnection.Builder b = ProtocolConnection.builder(Role.SERVER).events(rec).outbound(rec).bufferPool(rec)
                .receptionPool(receptions);
        options.accept(b);
        return conn = b.build();
    }

    private ProtocolConnection server() {
        return server(b -> { });
    }

    private ProtocolConnection client() {
        rec = new Recorder();
        return conn = ProtocolConnection.builder(Role.CLIENT).events(rec).outbound(rec).bufferPool(rec)
                .masks(() -> KEY).build();
    }

    /** Feeds input to fresh servers in every split; runs {@code check} after each. */
    private void serverReceivesInEverySplit(byte[] input, Consumer<ProtocolConnection.Builder> options, Runnable check) {
        for (List<byte[]> pieces : Splits.all(input)) {
            server(options);
            Splits.feed(pieces, conn::receive);
            check.run();
        }
    }

    private static byte[] masked(RawFrame... frames) {
        return RawFrame.masked(KEY, frames);
    }

    @AfterEach
    void noLeftovers() {
        if (rec != null) {
            rec.assertNoEvents();
            assertThat(rec.outstandingBuffers()).as("pooled buffers acquired but not written").isZero();
        }
    }

    @Nested
    class Section5_6_DataFrames {
        @Test
        void textAndBinaryMessages() {
            serverReceivesInEverySplit(masked(RawFrame.text("Hello"), RawFrame.binary(new byte[] {1, 2, 3})), b -> { },
                    () -> rec.expect("text:Hello", "binary:010203"));
        }

        @Test
        void emptyMessages() {
            serverReceivesInEverySplit(masked(RawFrame.text(""), RawFrame.binary(new byte[0])), b -> { },
                    () -> rec.expect("text:", "binary:"));
        }

        @Test
        void deliveredBinaryIsACopyTheReceiverMayKeep() {
            server();
            byte[] in = masked(RawFrame.binary(new byte[] {9, 9}));
            ByteBuffer[] kept = new ByteBuffer[1];
            Recorder r = rec;
            conn = ProtocolConnection.builder(Role.SERVER).outbound(r).bufferPool(r).events(new ProtocolEvents() {
                @Override
                public void onBinary(ByteBuffer data) {
                    kept[0] = data;
                }
            }).build();
            ByteBuffer buf = ByteBuffer.wrap(in);
            conn.receive(buf);
            java.util.Arrays.fill(in, (byte) 0);
            assertThat(kept[0].get(0)).isEqualTo((byte) 9);
        }
    }

    @Nested
    class Section8_1_Utf8 {
        @Test
        void invalidTextFailsWith1007AndACloseFrame() {
            byte[] bad = {(byte) 0xce, (byte) 0xba, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
            serverReceivesInEverySplit(masked(RawFrame.binary(bad).fin(true), RawFrame.opcode(1).payload(bad)), b -> { },
                    () -> {
                        rec.expect("binary:cebaeda080", "failure:1007:INVALID_UTF8");
                        rec.expectWritten(hex("88 02 03 ef"));
                        assertThat(conn.state()).isEqualTo(CloseHandshake.FAILED);
                        assertThat(rec.transportCloses()).isEqualTo(1);
                    });
        }

        @Test
        void failsFastInTheFirstFragmentBeforeTheMessageEnds() {
            server();
            conn.receive(ByteBuffer.wrap(masked(RawFrame.opcode(1).payload(new byte[] {(byte) 0xff}).fin(false))));
            rec.expect("failure:1007:INVALID_UTF8");
            rec.expectWritten(hex("88 02 03 ef"));
        }

        @Test
        void validTextSplitAcrossFragmentsInsideACharacterIsAccepted() {
            byte[] smile = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
            for (int cut = 1; cut < smile.length; cut++) {
                byte[] a = java.util.Arrays.copyOfRange(smile, 0, cut);
                byte[] b = java.util.Arrays.copyOfRange(smile, cut, smile.length);
                serverReceivesInEverySplit(masked(RawFrame.opcode(1).payload(a).fin(false), RawFrame.continuation(b)),
                        o -> { }, () -> rec.expect("text:\uD83D\uDE00"));
            }
        }

        @Test
        void textEndingInsideACharacterFails() {
            serverReceivesInEverySplit(masked(RawFrame.opcode(1).payload(new byte[] {(byte) 0xe2, (byte) 0x82})),
                    b -> { }, () -> {
                        rec.expect("failure:1007:INVALID_UTF8");
                        rec.takeWritten();
                    });
        }
    }

    @Nested
    class Section5_4_Fragmentation {
        @Test
        void fragmentsAreAssembledWithControlFramesInBetween() {
            serverReceivesInEverySplit(masked(
                    RawFrame.text("Hel").fin(false),
                    RawFrame.ping(new byte[] {7}),
                    RawFrame.continuation("lo, ").fin(false),
                    RawFrame.continuation("").fin(false),
                    RawFrame.continuation("world")), b -> { }, () -> {
                        rec.expect("ping:07", "text:Hello, world");
                        rec.expectWritten(hex("8a 01 07"));
                    });
        }

        @Test
        void fragmentsPassThroughWhenNotAssembled() {
            server(b -> b.assembleFragments(false));
            conn.receive(ByteBuffer.wrap(masked(RawFrame.binary(new byte[] {1, 2}).fin(false),
                    RawFrame.continuation(new byte[] {3}))));
            rec.expect("fragment:BINARY:0102", "fragment:BINARY:03:last");
        }

        @Test
        void violationsFailWith1002() {
            for (byte[] input : List.of(
                    masked(RawFrame.continuation("x")),
                    masked(RawFrame.text("a").fin(false), RawFrame.text("b")),
                    masked(RawFrame.ping(new byte[0]).fin(false)))) {
                server();
                conn.receive(ByteBuffer.wrap(input));
                assertThat(rec.next()).startsWith("failure:1002:");
                rec.expectWritten(hex("88 02 03 ea"));
                assertThat(conn.state()).isEqualTo(CloseHandshake.FAILED);
            }
        }
    }

    @Nested
    class Section5_5_ControlFrames {
        @Test
        void pingIsAnsweredWithAPongCarryingItsPayload() {
            serverReceivesInEverySplit(masked(RawFrame.ping("Hello".getBytes(StandardCharsets.UTF_8))), b -> { }, () -> {
                rec.expect("ping:48656c6c6f");
                rec.expectWritten(hex("8a 05 48 65 6c 6c 6f"));
            });
        }

        @Test
        void everyPingOfABurstIsAnswered() {
            server();
            byte[][] pings = new byte[10][];
            for (int i = 0; i < 10; i++) {
                pings[i] = RawFrame.ping(new byte[] {(byte) i}).mask(KEY).bytes();
            }
            conn.receive(ByteBuffer.wrap(RawFrame.concat(pings)));
            List<byte[]> pongs = rec.takeWritten();
            assertThat(pongs).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(pongs.get(i)).containsExactly(0x8a, 1, i);
                rec.expect("ping:0" + i);
            }
        }

        /**
         * The core's own answers to pings reach the transport through {@code writePingAnswer},
         * which may hold them (only the latest of a burst is then sent, §5.5.3); a pong the
         * application sends does not, nor does any other frame.
         */
        @Test
        void answersToPingsGoThroughWritePingAnswerAndNothingElseDoes() {
            server();
            Recorder r = rec;
            List<byte[]> answers = new ArrayList<>();
            conn = ProtocolConnection.builder(Role.SERVER).events(r).bufferPool(r).outbound(new Outbound() {
                @Override
                public void write(ByteBuffer frame, ByteBuffer payload) {
                    r.write(frame, payload);
                }

                @Override
                public void writePingAnswer(ByteBuffer frame) {
                    byte[] bytes = new byte[frame.remaining()];
                    frame.duplicate().get(bytes);
                    answers.add(bytes);
                    r.write(frame, null);
                }

                @Override
                public void closeTransport() {
                }
            }).build();
            conn.receive(ByteBuffer.wrap(RawFrame.concat(RawFrame.ping(new byte[] {1}).mask(KEY).bytes(),
                    RawFrame.ping(new byte[] {2}).mask(KEY).bytes())));
            assertThat(answers).containsExactly(new byte[] {(byte) 0x8a, 1, 1}, new byte[] {(byte) 0x8a, 1, 2});
            rec.expect("ping:01", "ping:02");
            assertThat(rec.takeWritten()).containsExactlyElementsOf(answers);
            conn.pong(ByteBuffer.wrap(new byte[] {3}));
            conn.sendText("x");
            assertThat(rec.takeWritten()).containsExactly(new byte[] {(byte) 0x8a, 1, 3}, new byte[] {(byte) 0x81, 1, 'x'});
            assertThat(answers).hasSize(2);
        }

        @Test
        void unsolicitedPongIsReportedAndNotAnswered() {
            serverReceivesInEverySplit(masked(RawFrame.pong(new byte[] {1})), b -> { }, () -> {
                rec.expect("pong:01");
                assertThat(rec.takeWritten()).isEmpty();
            });
        }

        @Test
        void sendingControlFramesChecksTheirSize() {
            client();
            conn.ping(ByteBuffer.wrap(new byte[125]));
            assertThat(rec.takeWritten()).singleElement().satisfies(f -> assertThat(f).hasSize(2 + 4 + 125));
            assertThatThrownBy(() -> conn.pong(ByteBuffer.wrap(new byte[126]))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Section7_ClosingHandshake {
        @Test
        void peerInitiatedCloseIsEchoedAndTheServerClosesTcp() {
            serverReceivesInEverySplit(masked(RawFrame.close(1000, "bye"), RawFrame.text("ignored")), b -> { }, () -> {
                rec.expect("close:1000:bye");
                rec.expectWritten(hex("88 02 03 e8"));
                assertThat(conn.state()).isEqualTo(CloseHandshake.CLOSED);
                assertThat(conn.isCleanClose()).isTrue();
                assertThat(conn.reportedCloseCode()).isEqualTo(1000);
                assertThat(rec.transportCloses()).isEqualTo(1);
                assertThat(conn.closeExpected()).isFalse();
            });
        }

        @Test
        void emptyCloseIsAnsweredWithAnEmptyClose() {
            server();
            conn.receive(ByteBuffer.wrap(masked(RawFrame.closeEmpty())));
            rec.expect("close:1005:");
            rec.expectWritten(hex("88 00"));
            assertThat(conn.reportedCloseCode()).isEqualTo(1005);
        }

        @Test
        void everyValidCodeIsEchoed() {
            for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
                server();
                conn.receive(ByteBuffer.wrap(masked(RawFrame.close(code, ""))));
                rec.expect("close:" + code + ":");
                rec.expectWritten(new byte[] {(byte) 0x88, 2, (byte) (code >> 8), (byte) code});
            }
        }

        @Test
        void invalidCloseFramesFail() {
            for (RawFrame bad : List.of(RawFrame.close(1005, ""), RawFrame.close(999, ""), RawFrame.close(2000, ""),
                    RawFrame.closeEmpty().payload(new byte[] {3}))) {
                server();
                conn.receive(ByteBuffer.wrap(masked(bad)));
                assertThat(rec.next()).startsWith("failure:1002:");
                rec.expectWritten(hex("88 02 03 ea"));
            }
            server();
            conn.receive(ByteBuffer.wrap(masked(RawFrame.closeEmpty().payload(hex("03 e8 ff")))));
            rec.expect("failure:1007:INVALID_UTF8");
            rec.expectWritten(hex("88 02 03 ef"));
        }

        @Test
        void locallyInitiatedCloseWaitsForThePeerAndStillDeliversItsData() {
            server();
            conn.close(1000, "done");
            rec.expectWritten(RawFrame.close(1000, "done").bytes());
            assertThat(conn.state()).isEqualTo(CloseHandshake.OUTPUT_SHUT);
            assertThat(conn.closeExpected()).isTrue();
            assertThatThrownBy(() -> conn.sendText("late")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> conn.close(1000, "")).isInstanceOf(IllegalStateException.class);
            conn.receive(ByteBuffer.wrap(masked(RawFrame.text("still here"), RawFrame.close(1000, ""))));
            rec.expect("text:still here", "close:1000:");
            assertThat(rec.takeWritten()).isEmpty();
            assertThat(conn.state()).isEqualTo(CloseHandshake.CLOSED);
            assertThat(rec.transportCloses()).isEqualTo(1);
        }

        @Test
        void clientWaitsForTheServerToCloseTcp() {
            client();
            conn.receive(ByteBuffer.wrap(RawFrame.close(1001, "going").bytes()));
            rec.expect("close:1001:going");
            assertThat(rec.takeWritten()).singleElement()
                    .satisfies(f -> assertThat(f).startsWith((byte) 0x88, (byte) 0x82));
            assertThat(rec.transportCloses()).isZero();
            assertThat(conn.closeExpected()).isTrue();
            conn.receiveEof();
            assertThat(conn.closeExpected()).isFalse();
        }

        @Test
        void inputAfterAFailureIsDiscarded() {
            server();
            ByteBuffer in = ByteBuffer.wrap(RawFrame.concat(RawFrame.text("unmasked").bytes(),
                    masked(RawFrame.text("never delivered"))));
            conn.receive(in);
            assertThat(in.hasRemaining()).isFalse();
            rec.expect("failure:1002:UNMASKED_FRAME");
            rec.takeWritten();
            conn.receive(ByteBuffer.wrap(masked(RawFrame.text("nor this"))));
        }

        @Test
        void applicationFailureSendsItsCodeOnce() {
            server();
            conn.fail(1011);
            conn.fail(1008);
            rec.expectWritten(hex("88 02 03 f3"));
            assertThat(conn.state()).isEqualTo(CloseHandshake.FAILED);
            assertThat(conn.isCleanClose()).isFalse();
            assertThat(conn.reportedCloseCode()).isEqualTo(1006);
        }
    }

    @Nested
    class Limits {
        @Test
        void messageOverTheLimitFailsWith1009BeforeItsPayloadArrives() {
            server(b -> b.limits(ProtocolLimits.builder().maxMessageSize(1000).build()));
            conn.receive(ByteBuffer.wrap(masked(RawFrame.binary(new byte[600]).fin(false))));
            conn.receive(ByteBuffer.wrap(RawFrame.continuation(new byte[0]).claimLength(401).mask(KEY).bytes()));
            rec.expect("failure:1009:MESSAGE_TOO_BIG");
            rec.expectWritten(hex("88 02 03 f1"));
        }

        @Test
        void fourMebibytesIn65536FragmentsOf64BytesArrive() {
            server();
            int count = 65536;
            byte[] chunk = new byte[64];
            java.util.Arrays.fill(chunk, (byte) 'a');
            ByteBuffer in = ByteBuffer.allocate(count * (64 + 6));
            in.put(RawFrame.text("").payload(chunk).fin(false).mask(KEY).bytes());
            byte[] middle = RawFrame.continuation(chunk).fin(false).mask(KEY).bytes();
            for (int i = 1; i < count - 1; i++) {
                in.put(middle);
            }
            in.put(RawFrame.continuation(chunk).mask(KEY).bytes());
            in.flip();
            String[] got = new String[1];
            Recorder r = rec;
            conn = ProtocolConnection.builder(Role.SERVER).outbound(r).bufferPool(r).events(new ProtocolEvents() {
                @Override
                public void onText(String text) {
                    got[0] = text;
                }
            }).build();
            conn.receive(in);
            assertThat(got[0]).hasSize(4 * 1024 * 1024).matches("a+");
        }

        @Test
        void aMessageAtTheLimitArrivesIn16KiBFragments() {
            server(b -> b.limits(ProtocolLimits.builder().maxMessageSize(1 << 20).build()));
            ByteBuffer in = ByteBuffer.allocate((1 << 20) + 64 * 14);
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 64; i++) {
                RawFrame f = i == 0 ? RawFrame.binary(chunk) : RawFrame.continuation(chunk);
                in.put(f.fin(i == 63).mask(KEY).bytes());
            }
            conn.receive(in.flip());
            assertThat(rec.next()).startsWith("binary:");
        }

        @Test
        void endlessEmptyFragmentsEndWith1009() {
            server();
            byte[] empty = RawFrame.continuation(new byte[0]).fin(false).mask(KEY).bytes();
            conn.receive(ByteBuffer.wrap(RawFrame.text("").fin(false).mask(KEY).bytes()));
            int sent = 0;
            while (conn.state() == CloseHandshake.OPEN && sent < 1_000_000) {
                conn.receive(ByteBuffer.wrap(empty));
                sent++;
            }
            // 16 MiB at 64 bytes a frame, the first frame included: the 262,144th continuation is one too many.
            assertThat(sent).isEqualTo(ProtocolLimits.DEFAULT_MAX_MESSAGE_SIZE / ProtocolLimits.DEFAULT_FRAGMENT_COST);
            rec.expect("failure:1009:MESSAGE_TOO_BIG");
            rec.takeWritten();
        }
    }

    @Nested
    class Sending {
        @Test
        void serverTextIsOneUnmaskedFrame() {
            server();
            conn.sendText("Hello");
            rec.expectWritten(hex("81 05 48 65 6c 6c 6f"));
        }

        @Test
        void clientFramesAreMasked() {
            client();
            conn.sendText("Hello");
            conn.sendBinary(ByteBuffer.wrap("Hello".getBytes(StandardCharsets.UTF_8)));
            rec.expectWritten(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), hex("82 85 37 fa 21 3d 7f 9f 4d 51 58"));
        }

        @Test
        void largeServerPayloadFollowsItsHeaderWithoutACopy() {
            server();
            ByteBuffer big = ByteBuffer.allocate(5000);
            ByteBuffer[] seenPayload = new ByteBuffer[1];
            Recorder r = rec;
            conn = ProtocolConnection.builder(Role.SERVER).events(r).bufferPool(r).outbound(new Outbound() {
                @Override
                public void write(ByteBuffer frame, ByteBuffer payload) {
                    seenPayload[0] = payload;
                    r.write(frame, payload);
                }

                @Override
                public void closeTransport() {
                }
            }).build();
            conn.sendBinary(big);
            assertThat(seenPayload[0]).isSameAs(big);
            assertThat(rec.takeWritten()).singleElement().satisfies(f -> assertThat(f).hasSize(4 + 5000));
        }

        @Test
        void messagesOverTheFragmentSizeAreSplitAndParseBack() {
            server(b -> b.fragmentSize(4));
            conn.sendText("Hello, world");
            List<byte[]> frames = rec.takeWritten();
            assertThat(frames).hasSize(3);
            assertThat(frames.get(0)[0]).isEqualTo((byte) 0x01);
            assertThat(frames.get(1)[0]).isEqualTo((byte) 0x00);
            assertThat(frames.get(2)[0]).isEqualTo((byte) 0x80);
            Recorder peer = new Recorder();
            ProtocolConnection c = ProtocolConnection.builder(Role.CLIENT).events(peer).outbound(peer).masks(() -> 1).build();
            c.receive(ByteBuffer.wrap(RawFrame.concat(frames.toArray(new byte[0][]))));
            peer.expect("text:Hello, world");
        }

        @Test
        void streamedFragmentsKeepTheirOrderAndType() {
            server();
            conn.sendFragment(Opcode.BINARY, ByteBuffer.wrap(new byte[] {1}), false);
            conn.ping(ByteBuffer.allocate(0));
            assertThatThrownBy(() -> conn.sendText("interleaved")).isInstanceOf(IllegalStateException.class);
            conn.sendFragment(Opcode.BINARY, ByteBuffer.wrap(new byte[] {2}), true);
            conn.sendText("after");
            rec.expectWritten(hex("02 01 01"), hex("89 00"), hex("80 01 02"), hex("81 05 61 66 74 65 72"));
        }

        @Test
        void unpairedSurrogatesAreRefused() {
            server();
            assertThatThrownBy(() -> conn.sendText("bad \uD800 text")).isInstanceOf(IllegalArgumentException.class);
            conn.sendText("good \uD83D\uDE00");
            assertThat(rec.takeWritten()).singleElement()
                    .satisfies(f -> assertThat(new String(f, 2, f.length - 2, StandardCharsets.UTF_8)).isEqualTo("good \uD83D\uDE00"));
        }
    }

    @Nested
    class ReadingPause {
        /** A server connection recording events, whose listener also does {@code then} with it after each text. */
        private void serverThatOnText(Consumer<ProtocolConnection> then) {
            rec = new Recorder();
            Recorder r = rec;
            ProtocolConnection[] self = new ProtocolConnection[1];
            conn = self[0] = ProtocolConnection.builder(Role.SERVER).outbound(r).bufferPool(r).events(new ProtocolEvents() {
                @Override
                public void onText(String text) {
                    r.onText(text);
                    then.accept(self[0]);
                }
            }).build();
        }

        @Test
        void pauseInACallbackLeavesTheRestForLater() {
            serverThatOnText(c -> c.pauseReading());
            ByteBuffer in = ByteBuffer.wrap(masked(RawFrame.text("one"), RawFrame.text("two")));
            conn.receive(in);
            rec.expect("text:one");
            assertThat(in.hasRemaining()).isTrue();
            conn.receive(in);
            rec.assertNoEvents();
            conn.resumeReading();
            conn.receive(in);
            rec.expect("text:two");
            assertThat(in.hasRemaining()).isFalse();
        }

        @Test
        void pausedAndResumedInOneCallbackParsingGoesOn() {
            serverThatOnText(c -> {
                c.pauseReading();
                c.resumeReading();
            });
            ByteBuffer in = ByteBuffer.wrap(masked(RawFrame.text("one"), RawFrame.text("two"), RawFrame.text("three")));
            conn.receive(in);
            rec.expect("text:one", "text:two", "text:three");
            assertThat(in.hasRemaining()).as("nothing left for a transport that is reading on").isFalse();
        }
    }
}
