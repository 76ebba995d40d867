package dev.weft.protocol;

import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.handshake.ExtensionHeader;
import dev.weft.protocol.testing.Deflated;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.ScriptedBudget;
import dev.weft.protocol.testing.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbound memory budget: a message in progress takes memory before buffering or inflating,
 * and when refused the connection stops where it is (plain bytes left unread, an inflater's
 * output held back inside it) and goes on, byte for byte the same, once memory is given back.
 */
class MemoryBudgetTest {
    private static final int KEY = 0x1d2c3b4a;

    private final Recorder rec = new Recorder();
    private final ScriptedBudget budget = new ScriptedBudget();
    /** Shared by every connection a test makes: a connection waiting for memory must keep what it borrowed. */
    private final ReceptionPool receptions = new ReceptionPool();
    private ProtocolConnection conn;

    @AfterEach
    void everythingIsGivenBack() {
        if (conn != null) {
            conn.release();
        }
        assertThat(budget.held).as("bytes still held after release").isZero();
        assertThat(PerMessageDeflate.liveZlibContexts()).isZero();
    }

    private void server(boolean deflate) throws Exception {
        ProtocolConnection.Builder b = ProtocolConnection.builder(Role.SERVER).events(rec).outbound(rec).bufferPool(rec)
                .inboundMemory(budget).receptionPool(receptions);
        if (deflate) {
            b.extensions(new ExtensionChain(ExtensionNegotiation.server(List.of(PerMessageDeflate.defaults()),
                    ExtensionHeader.parse(List.of("permessage-deflate"))).extensions()));
        }
        conn = b.build();
    }

    private int feed(byte[] wire, int readSize, long grant) {
        return budget.feed(conn, wire, readSize, grant);
    }

    private static byte[] text(int length, long seed) {
        Random r = new Random(seed);
        String[] words = {"weft ", "warp ", "loom ", "shuttle ", "{\"id\":", "42, ", "\"name\": \"x\"}\n"};
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            b.append(words[r.nextInt(words.length)]);
        }
        b.setLength(length);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] compressed(byte[] message) {
        return Deflated.message(message);
    }

    @Test
    void aMessageInOneReadIsDeliveredStraightAndTakesNoMemory() throws Exception {
        server(false);
        byte[] wire = RawFrame.text("no copy, no memory").mask(KEY).bytes();
        conn.receive(ByteBuffer.wrap(wire));
        rec.expect("text:no copy, no memory");
        assertThat(budget.refusals).isZero();
        assertThat(budget.peak).isZero();
    }

    @Test
    void aPlainMessageWaitsWithItsBytesUnreadAndArrivesWholeOnceMemoryIsBack() throws Exception {
        server(false);
        byte[] message = text(100_000, 1);
        byte[] wire = RawFrame.binary(message).mask(KEY).bytes();
        ByteBuffer first = ByteBuffer.wrap(wire, 0, 1000);
        conn.receive(first);
        assertThat(conn.isWaitingForMemory()).isTrue();
        assertThat(first.position()).as("only the 14-byte header taken; the payload left unread").isEqualTo(14);
        assertThat(first.get(14)).as("and masked again").isEqualTo(wire[14]);
        rec.assertNoEvents();
        conn.release();

        server(false);
        int waits = feed(wire, 7000, 2 * 65_536);
        assertThat(waits).isEqualTo(1);
        assertThat(rec.next()).isEqualTo("binary:" + Recorder.hex(ByteBuffer.wrap(message)));
        // The whole frame is asked for at once (one array of the message's own size, which the
        // listener gets), never a part: waiting messages do not each hold a share.
        assertThat(budget.peak).isEqualTo(100_000);
        assertThat(budget.refusals).as("once for each of the two connections").isEqualTo(2);
        assertThat(budget.held).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {65_537, 200_000})
    void aOneFrameBinaryMessageSplitAcrossReadsIsHeldInOneArrayOfItsOwnSize(int length) throws Exception {
        server(false);
        byte[] message = text(length, 3);
        feed(RawFrame.binary(message).mask(KEY).bytes(), 5000, Long.MAX_VALUE);
        assertThat(rec.next()).isEqualTo("binary:" + Recorder.hex(ByteBuffer.wrap(message)));
        assertThat(budget.peak).as("no 64 KiB chunks, no second array to gather them into").isEqualTo(length);
    }

    @Test
    void largerOneFrameMessagesAreHeldInChunksOfTheirOwnUntilDelivered() throws Exception {
        server(false);
        byte[] message = text(262_145, 4);
        feed(RawFrame.binary(message).mask(KEY).bytes(), 5000, Long.MAX_VALUE);
        assertThat(rec.next()).isEqualTo("binary:" + Recorder.hex(ByteBuffer.wrap(message)));
        assertThat(budget.peak).as("five 64 KiB chunks: no humongous array held while bytes trickle in")
                .isEqualTo(5 * 65_536);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 4096, 65_536})
    void aCompressedMessageInflatesOnlyAsFarAsMemoryAllowsAndGoesOnWhereItStopped(int readSize) throws Exception {
        server(true);
        byte[] message = text(1 << 20, readSize);
        byte[] wire = RawFrame.text("").payload(compressed(message)).rsv(4).mask(KEY).bytes();
        assertThat(wire.length).isLessThan(message.length / 4);
        int waits = feed(wire, readSize, 20_000);
        assertThat(waits).isGreaterThan(10);
        assertThat(rec.next()).isEqualTo("text:" + new String(message, StandardCharsets.US_ASCII));
        rec.assertNoEvents();
    }

    @Test
    void aFragmentedCompressedMessageStopsAndResumesAtEveryKindOfBoundary() throws Exception {
        server(true);
        byte[] message = text(300_000, 7);
        byte[] deflated = compressed(message);
        int third = deflated.length / 3;
        byte[] wire = RawFrame.concat(
                RawFrame.text("").payload(Arrays.copyOfRange(deflated, 0, third)).rsv(4).fin(false).mask(KEY).bytes(),
                RawFrame.ping("between".getBytes(StandardCharsets.US_ASCII)).mask(KEY).bytes(),
                RawFrame.continuation(Arrays.copyOfRange(deflated, third, 2 * third)).fin(false).mask(KEY).bytes(),
                RawFrame.continuation(new byte[0]).fin(false).mask(KEY).bytes(),
                RawFrame.continuation(Arrays.copyOfRange(deflated, 2 * third, deflated.length)).mask(KEY).bytes(),
                RawFrame.text("after").mask(KEY).bytes());
        // Grants of 1 byte make it stop before every inflated piece, the message's tail included.
        for (long grant : new long[] {1, 999, 16_385}) {
            feed(wire, 4096, grant);
            assertThat(rec.next()).isEqualTo("ping:" + Recorder.hex(ByteBuffer.wrap("between".getBytes(StandardCharsets.US_ASCII))));
            assertThat(rec.next()).as("grant " + grant).isEqualTo("text:" + new String(message, StandardCharsets.US_ASCII));
            assertThat(rec.next()).isEqualTo("text:after");
            rec.takeWritten();
        }
    }

    @Test
    void aCompressorDoesNotKeepTheLastMessageItCompressed() throws Exception {
        server(true);
        byte[] big = text(4 << 20, 9);
        java.lang.ref.WeakReference<byte[]> sent = new java.lang.ref.WeakReference<>(big);
        conn.sendBinary(ByteBuffer.wrap(big));
        big = null;
        assertThat(rec.takeWritten()).isNotEmpty();
        for (int i = 0; i < 20 && sent.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        // The zlib context stays with the connection (context takeover); the message must not.
        assertThat(sent.get()).as("the 4 MiB message, still reachable after it was sent").isNull();
    }

    @Test
    void aConnectionGoneMidMessageGivesBackWhatItHeld() throws Exception {
        server(true);
        budget.available = 1 << 20;
        byte[] message = text(500_000, 3);
        byte[] deflated = compressed(message);
        conn.receive(ByteBuffer.wrap(RawFrame.text("").payload(Arrays.copyOf(deflated, deflated.length / 2))
                .rsv(4).fin(false).mask(KEY).bytes()));
        assertThat(budget.held).isPositive();
        conn.release();
        assertThat(budget.held).isZero();
        conn = null;
    }

    @Test
    void aMessageOverItsLimitStillEndsIn1009WhileWaitingForMemory() throws Exception {
        conn = ProtocolConnection.builder(Role.SERVER).events(rec).outbound(rec).bufferPool(rec).inboundMemory(budget).receptionPool(receptions)
                .limits(ProtocolLimits.builder().maxMessageSize(200_000).build())
                .extensions(new ExtensionChain(ExtensionNegotiation.server(List.of(PerMessageDeflate.defaults()),
                        ExtensionHeader.parse(List.of("permessage-deflate"))).extensions()))
                .build();
        byte[] bomb = RawFrame.text("").payload(compressed(new byte[1 << 20])).rsv(4).mask(KEY).bytes();
        feed(bomb, 100, 50_000);
        assertThat(rec.failure().closeCode()).isEqualTo(1009);
        assertThat(budget.peak).isLessThanOrEqualTo(200_000 + 16_385 + 65_536);
    }
}
