package dev.weft.protocol;

import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.handshake.ExtensionHeader;
import dev.weft.protocol.testing.Deflated;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.Recorder;
import dev.weft.protocol.testing.ScriptedBudget;
import dev.weft.protocol.testing.Splits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OversizedMessages#DISCARD}: a message over the limits is read and dropped, never held,
 * and the connection goes on; where it cannot be skipped (compressed, or passed through in
 * fragments) it still fails with 1009. Inputs are fed whole, split at every offset and a byte
 * at a time, with the same result.
 */
class OversizedMessagesTest {
    private static final int KEY = 0x12345678;
    private static final ProtocolLimits DISCARD = ProtocolLimits.builder().maxMessageSize(1000).maxFrameSize(600)
            .oversizedMessages(OversizedMessages.DISCARD).build();

    private Recorder rec;
    private ProtocolConnection conn;
    private ScriptedBudget budget;

    private void server(Consumer<ProtocolConnection.Builder> options) {
        rec = new Recorder();
        budget = new ScriptedBudget();
        budget.available = Long.MAX_VALUE / 2;
        ProtocolConnection.Builder b = ProtocolConnection.builder(Role.SERVER).events(rec).outbound(rec).bufferPool(rec)
                .inboundMemory(budget).limits(DISCARD);
        options.accept(b);
        conn = b.build();
    }

    private void inEverySplit(byte[] input, Consumer<ProtocolConnection.Builder> options, Runnable check) {
        for (List<byte[]> pieces : Splits.all(input)) {
            server(options);
            Splits.feed(pieces, conn::receive);
            check.run();
        }
    }

    private static byte[] masked(RawFrame... frames) {
        return RawFrame.masked(KEY, frames);
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @AfterEach
    void nothingLeftOver() {
        rec.assertNoEvents();
        conn.release(); // what the transport does once the connection is gone
        assertThat(budget.held).as("inbound memory still held").isZero();
        assertThat(PerMessageDeflate.liveZlibContexts()).isZero();
    }

    @Test
    void aFrameOverTheFrameLimitIsDroppedAndTheNextMessageArrives() {
        inEverySplit(masked(RawFrame.binary(filled(601, 'x')), RawFrame.text("after")), b -> { }, () -> {
            rec.expect("discarded:BINARY:600", "text:after");
            assertThat(budget.peak).as("never the dropped frame's size (only the next message's, when split)")
                    .isLessThan(601);
        });
    }

    @Test
    void aFragmentedMessageThatOutgrowsTheMessageLimitIsDroppedWithWhatItHeld() {
        byte[] input = masked(RawFrame.text("").payload(filled(500, 'a')).fin(false),
                RawFrame.continuation(filled(400, 'b')).fin(false),
                RawFrame.ping(new byte[] {7}),
                RawFrame.continuation(filled(200, 'c')).fin(false), // 1,100 > 1,000: dropped from here
                RawFrame.continuation(filled(599, 'd')),
                RawFrame.binary(new byte[] {1, 2}));
        inEverySplit(input, b -> { }, () -> {
            rec.expect("ping:07", "discarded:TEXT:1000", "binary:0102");
            assertThat(rec.takeWritten()).as("the ping in the middle was answered").hasSize(1);
        });
    }

    @Test
    void laterFramesOfADroppedMessageMayBeOverTheFrameLimitToo() {
        byte[] input = masked(RawFrame.binary(filled(601, 'x')).fin(false),
                RawFrame.continuation(filled(601, 'y')).fin(false),
                RawFrame.continuation(new byte[0]),
                RawFrame.text("next"));
        inEverySplit(input, b -> { }, () -> rec.expect("discarded:BINARY:600", "text:next"));
    }

    @Test
    void aDroppedTextMessageIsNotCheckedAsUtf8() {
        byte[] bad = filled(700, 'x');
        bad[650] = (byte) 0xFF;
        inEverySplit(masked(RawFrame.text("").payload(bad), RawFrame.text("ok")), b -> { },
                () -> rec.expect("discarded:TEXT:600", "text:ok"));
    }

    @Test
    void protocolErrorsInsideADroppedMessageStillFailTheConnection() {
        server(b -> { });
        conn.receive(ByteBuffer.wrap(masked(RawFrame.binary(filled(601, 'x')).fin(false), RawFrame.text("not a continuation"))));
        rec.expect("discarded:BINARY:600", "failure:1002:EXPECTED_CONTINUATION");
        rec.takeWritten();
    }

    @Test
    void aCompressedMessageOverTheLimitStillFailsWith1009() throws Exception {
        ExtensionChain deflate = new ExtensionChain(ExtensionNegotiation.server(List.of(PerMessageDeflate.defaults()),
                ExtensionHeader.parse(List.of("permessage-deflate"))).extensions());
        server(b -> b.extensions(deflate));
        byte[] compressed = Deflated.message(filled(5000, 'z')); // a few dozen bytes that inflate past the limit
        conn.receive(ByteBuffer.wrap(masked(RawFrame.text("").payload(compressed).rsv(4))));
        rec.expect("failure:1009:MESSAGE_TOO_BIG");
        rec.takeWritten();
    }

    @Test
    void fragmentsPassedThroughStillFailWith1009() {
        server(b -> b.assembleFragments(false));
        conn.receive(ByteBuffer.wrap(masked(RawFrame.binary(filled(601, 'x')))));
        rec.expect("failure:1009:FRAME_TOO_BIG");
        rec.takeWritten();
    }

    @Test
    void closeIsStillTheDefault() {
        server(b -> b.limits(ProtocolLimits.builder().maxMessageSize(1000).maxFrameSize(600).build()));
        conn.receive(ByteBuffer.wrap(masked(RawFrame.binary(filled(601, 'x')))));
        rec.expect("failure:1009:FRAME_TOO_BIG");
        rec.takeWritten();
    }
}
