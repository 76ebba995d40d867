package dev.weft.protocol.internal.legacy;

import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.Recorder;
import dev.weft.protocol.testing.Splits;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.weft.protocol.testing.RawFrame.concat;
import static dev.weft.protocol.testing.RawFrame.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The legacy drafts' framing: text between 0x00 and 0xFF, skipped length-prefixed frames, -76's closing frame. */
class LegacyConnectionTest {
    private final Recorder rec = new Recorder();

    private LegacyConnection connection(int version, int maxMessageSize) {
        return new LegacyConnection(version, maxMessageSize, rec, rec);
    }

    private static byte[] text(String s) {
        return concat(new byte[] {0x00}, s.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF});
    }

    @Test
    void textMessagesAndSkippedFramesArriveWhateverTheReadsCutThem() {
        // A text frame, a length-prefixed frame of 130 bytes (length in two 7-bit groups) to skip,
        // a text frame of another type byte to discard, and text with a 4-byte character.
        byte[] skipped = new byte[130];
        byte[] input = concat(text("héllo"), new byte[] {(byte) 0x80, (byte) 0x81, 0x02}, skipped,
                new byte[] {0x01, 'x', 'y', (byte) 0xFF}, text("𝄞 and more"), text(""));
        for (List<byte[]> pieces : Splits.all(input)) {
            LegacyConnection c = connection(76, 1024);
            Splits.feed(pieces, c::receive);
            rec.expect("text:héllo", "text:𝄞 and more", "text:").assertNoEvents();
            assertThat(c.state()).isEqualTo(CloseHandshake.OPEN);
        }
    }

    @Test
    void invalidUtf8FailsWith1007AndAnswersWithTheClosingFrame() {
        LegacyConnection c = connection(76, 1024);
        c.receive(ByteBuffer.wrap(concat(new byte[] {0x00, (byte) 0xC3, 0x28, (byte) 0xFF}, text("after"))));
        rec.expect("failure:1007:INVALID_UTF8").assertNoEvents();
        rec.expectWritten(hex("ff00"));
        assertThat(rec.transportCloses()).isEqualTo(1);
        assertThat(c.state()).isEqualTo(CloseHandshake.FAILED);
        assertThat(c.closeSent().code()).isEqualTo(1007);
    }

    @Test
    void messagesAndSkippedFramesOverTheLimitFailWith1009() {
        LegacyConnection c = connection(75, 8);
        byte[] nine = new byte[9];
        java.util.Arrays.fill(nine, (byte) 'a');
        c.receive(ByteBuffer.wrap(concat(new byte[] {0x00}, nine)));
        rec.expect("failure:1009:MESSAGE_TOO_BIG").assertNoEvents();
        rec.expectWritten(); // draft-75 has no closing frame to send
        assertThat(rec.transportCloses()).isEqualTo(1);

        LegacyConnection d = connection(76, 100);
        d.receive(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}));
        rec.expect("failure:1009:MESSAGE_TOO_BIG").assertNoEvents();
    }

    @Test
    void sendingFramesTextAndRefusesWhatTheDraftsCannotCarry() {
        LegacyConnection c = connection(76, 1024);
        c.sendText("hé", 3, false);
        rec.expectWritten(hex("0068c3a9ff"));
        assertThatThrownBy(() -> c.sendBinary(ByteBuffer.allocate(1), false))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("binary messages");
        assertThatThrownBy(() -> c.ping(ByteBuffer.allocate(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.sendFragment(Opcode.TEXT, ByteBuffer.allocate(1), false))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBroadcastFrameIsReframedAndABinaryOneRefused() {
        LegacyConnection c = connection(76, 1024);
        byte[] payload = new byte[300]; // a 16-bit length in the RFC 6455 header
        java.util.Arrays.fill(payload, (byte) 'z');
        c.sendEncoded(ByteBuffer.wrap(RawFrame.text(new String(payload, StandardCharsets.US_ASCII)).bytes()));
        rec.expectWritten(concat(new byte[] {0x00}, payload, new byte[] {(byte) 0xFF}));
        assertThatThrownBy(() -> c.sendEncoded(ByteBuffer.wrap(RawFrame.binary(new byte[] {1}).bytes())))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void draft76ClosingHandshakeEitherWay() {
        LegacyConnection ours = connection(76, 1024);
        ours.close(1000, "bye");
        rec.expectWritten(hex("ff00"));
        assertThat(ours.closeExpected()).isTrue();
        assertThat(rec.transportCloses()).as("waits for the answer").isZero();
        ours.receive(ByteBuffer.wrap(concat(text("late"), hex("ff00"))));
        rec.expect("text:late", "close:1000:bye").assertNoEvents();
        assertThat(ours.isCleanClose()).isTrue();
        assertThat(rec.transportCloses()).isEqualTo(1);

        LegacyConnection theirs = connection(76, 1024);
        theirs.receive(ByteBuffer.wrap(concat(hex("ff00"), text("ignored"))));
        rec.expect("close:1005:").assertNoEvents();
        rec.expectWritten(hex("ff00"));
        assertThat(theirs.isCleanClose()).isTrue();
        assertThatThrownBy(() -> theirs.sendText("x", 1, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void draft75ClosesByClosingTcp() {
        LegacyConnection ours = connection(75, 1024);
        ours.close(1000, "");
        rec.expectWritten();
        assertThat(ours.isCleanClose()).isTrue();
        assertThat(ours.closeReceived().code()).isEqualTo(1000);

        LegacyConnection theirs = connection(75, 1024);
        theirs.receiveEof();
        rec.expect("close:1005:").assertNoEvents();
        assertThat(theirs.isCleanClose()).isTrue();
    }

    @Test
    void pausedReadingLeavesTheRestUnread() {
        LegacyConnection c = connection(76, 1024);
        c.pauseReading();
        ByteBuffer in = ByteBuffer.wrap(text("a"));
        c.receive(in);
        assertThat(in.remaining()).isEqualTo(3);
        rec.assertNoEvents();
        c.resumeReading();
        c.receive(in);
        rec.expect("text:a").assertNoEvents();
    }
}
