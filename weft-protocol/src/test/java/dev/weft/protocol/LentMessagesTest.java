package dev.weft.protocol;

import dev.weft.protocol.testing.RawFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binary messages lent to the receiver ({@link ProtocolConnection.Builder#lendBinaryMessages}):
 * delivered in direct buffers from the pool, taken back when the call returns, and taken over
 * without a copy by a send of that very buffer, while anything else that may share its memory
 * is to be copied.
 */
class LentMessagesTest {
    private static final int KEY = 0x5a17c0de;

    /** A pool that records what it hands out and gets back, by identity. */
    private static final class CountingPool implements BufferPool {
        final List<ByteBuffer> handedOut = new ArrayList<>();
        final List<ByteBuffer> returned = new ArrayList<>();

        @Override
        public ByteBuffer acquire(int capacity) {
            return ByteBuffer.allocate(capacity);
        }

        @Override
        public ByteBuffer acquireDirect(int capacity) {
            ByteBuffer b = ByteBuffer.allocateDirect(capacity);
            handedOut.add(b);
            return b;
        }

        @Override
        public void release(ByteBuffer buffer) {
            if (buffer.isDirect()) {
                returned.add(buffer);
            }
        }
    }

    /** What the core wrote: frames copied whole, or a header and a payload taken over. */
    private static final class Wire implements Outbound {
        final List<ByteBuffer> takenOver = new ArrayList<>();
        int copiedFrames;

        @Override
        public void write(ByteBuffer frame, ByteBuffer payload) {
            copiedFrames++;
        }

        @Override
        public void writeTakingOver(ByteBuffer frame, ByteBuffer payload) {
            takenOver.add(payload);
        }

        @Override
        public void closeTransport() {
        }
    }

    private final CountingPool pool = new CountingPool();
    private final Wire wire = new Wire();
    private final List<ByteBuffer> delivered = new ArrayList<>();
    private ProtocolConnection conn;

    private void server(boolean lend, BiConsumer<ProtocolConnection, ByteBuffer> listener) {
        conn = ProtocolConnection.builder(Role.SERVER).bufferPool(pool).outbound(wire).lendBinaryMessages(lend)
                .events(new ProtocolEvents() {
                    @Override
                    public void onBinary(ByteBuffer data) {
                        delivered.add(data);
                        listener.accept(conn, data);
                    }
                }).build();
    }

    private static byte[] copyOf(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Feeds a masked binary frame in reads of {@code readSize} bytes. */
    private void receive(byte[] message, int readSize) {
        byte[] frame = RawFrame.binary(message).mask(KEY).bytes();
        for (int at = 0; at < frame.length; at += readSize) {
            conn.receive(ByteBuffer.wrap(Arrays.copyOfRange(frame, at, Math.min(frame.length, at + readSize))));
        }
    }

    @Test
    void aLentMessageIsADirectPoolBufferTakenBackWhenTheCallReturns() {
        List<byte[]> seen = new ArrayList<>();
        server(true, (c, data) -> {
            seen.add(copyOf(data));
            assertThat(c.useLent(ByteBuffer.allocate(4))).as("heap buffers never share lent memory")
                    .isEqualTo(WireProtocol.LentUse.NOT_LENT);
        });
        byte[] split = bytes(70_000);
        byte[] whole = bytes(3000);
        receive(split, 8192);
        receive(whole, 1 << 20);
        assertThat(seen).containsExactly(split, whole);
        assertThat(delivered).allSatisfy(b -> assertThat(b.isDirect()).isTrue());
        assertThat(pool.handedOut).containsExactlyElementsOf(delivered);
        assertThat(pool.returned).as("both back in the pool once the listener returned")
                .containsExactlyElementsOf(delivered);
        assertThat(conn.useLent(ByteBuffer.allocateDirect(8))).as("outside a delivery nothing is lent")
                .isEqualTo(WireProtocol.LentUse.NOT_LENT);
    }

    @Test
    void sendingTheLentBufferOnTakesItOverWithoutACopy() {
        List<WireProtocol.LentUse> uses = new ArrayList<>();
        server(true, (c, data) -> {
            uses.add(c.useLent(data));
            c.sendLentBinary(data.duplicate(), true);
            uses.add(c.useLent(data)); // the same buffer again: already taken
            uses.add(c.useLent(data.slice(0, 10)));
            uses.add(c.useLent(ByteBuffer.allocateDirect(16)));
        });
        receive(bytes(70_000), 8192);
        assertThat(uses).containsExactly(WireProtocol.LentUse.TAKEN, WireProtocol.LentUse.MUST_COPY,
                WireProtocol.LentUse.MUST_COPY, WireProtocol.LentUse.MUST_COPY);
        assertThat(wire.takenOver).hasSize(1);
        assertThat(wire.takenOver.get(0).remaining()).isEqualTo(70_000);
        assertThat(wire.copiedFrames).isZero();
        assertThat(pool.returned).as("the transport gives it back once written, not the core").isEmpty();
    }

    @Test
    void aSmallLentMessageSentOnIsCopiedNextToItsHeaderAndGivenBackAtOnce() {
        server(true, (c, data) -> {
            assertThat(c.useLent(data)).isEqualTo(WireProtocol.LentUse.TAKEN);
            c.sendLentBinary(data.duplicate(), true);
        });
        receive(bytes(500), 100);
        assertThat(wire.takenOver).isEmpty();
        assertThat(wire.copiedFrames).isEqualTo(1);
        assertThat(pool.returned).hasSize(1);
    }

    @Test
    void theRestOfALargeLentMessageCanBeReadStraightIntoItsBufferAndIsUnmaskedThere() {
        List<byte[]> seen = new ArrayList<>();
        server(true, (c, data) -> seen.add(copyOf(data)));
        byte[] message = bytes(100_000);
        byte[] frame = RawFrame.binary(message).mask(KEY).bytes();
        int header = frame.length - message.length;
        conn.receive(ByteBuffer.wrap(frame, 0, header + 1001).slice());
        int at = header + 1001;
        while (frame.length - at >= 16 * 1024) {
            ByteBuffer target = conn.inPlaceReadTarget();
            assertThat(target).as("at byte %d", at).isNotNull();
            assertThat(target.isDirect()).isTrue();
            assertThat(target.remaining()).isEqualTo(frame.length - at);
            int n = Math.min(30_000, frame.length - at); // a read that fills part of it
            target.put(frame, at, n);
            conn.receivedInPlace(target, n);
            at += n;
        }
        assertThat(conn.inPlaceReadTarget()).as("under 16 KiB to go: through the read buffer").isNull();
        assertThat(seen).isEmpty();
        conn.receive(ByteBuffer.wrap(frame, at, frame.length - at).slice());
        assertThat(seen).containsExactly(message);
        assertThat(conn.inPlaceReadTarget()).as("between frames").isNull();
    }

    @Test
    void smallRemaindersAndMessagesNotLentAreReadThroughTheParser() {
        server(false, (c, data) -> { });
        byte[] frame = RawFrame.binary(bytes(100_000)).mask(KEY).bytes();
        conn.receive(ByteBuffer.wrap(frame, 0, 5000).slice());
        assertThat(conn.inPlaceReadTarget()).as("not lent").isNull();

        server(true, (c, data) -> { });
        conn.receive(ByteBuffer.wrap(frame, 0, frame.length - 10_000).slice());
        assertThat(conn.inPlaceReadTarget()).as("under 16 KiB to go").isNull();
    }

    @Test
    void withoutLendingEveryMessageIsTheReceiversOwnHeapBuffer() {
        server(false, (c, data) -> assertThat(c.useLent(data)).isEqualTo(WireProtocol.LentUse.NOT_LENT));
        byte[] message = bytes(70_000);
        receive(message, 8192);
        assertThat(delivered).singleElement().satisfies(b -> {
            assertThat(b.isDirect()).isFalse();
            assertThat(b.array()).isEqualTo(message);
        });
        assertThat(pool.handedOut).isEmpty();
    }
}
