package dev.weft.internal.transport;

import dev.weft.protocol.BufferPool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write queue writes in order, completes each send once its last byte is written, and holds
 * slots only while it has something to write, sharing them through its loop's scratch.
 */
class WriteQueueTest {
    private final WriteQueue.Scratch scratch = new WriteQueue.Scratch();
    private final List<Long> uncharged = new ArrayList<>();
    private final WriteQueue.Completion done = (future, charge, held) -> {
        uncharged.add(charge);
        if (future != null) {
            future.complete(null);
        }
    };

    /** A channel that takes at most {@code budget} bytes per call (all if negative). */
    private static final class Sink implements GatheringByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int budget = -1;

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        /** Takes up to the budget across all the buffers, as one system call would. */
        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long left = budget < 0 ? Long.MAX_VALUE : budget;
            long total = 0;
            for (int i = offset; i < offset + length && left > 0; i++) {
                while (srcs[i].hasRemaining() && left > 0) {
                    taken.write(srcs[i].get());
                    left--;
                    total++;
                }
            }
            return total;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }

        String text() {
            return taken.toString(StandardCharsets.US_ASCII);
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private WriteQueue queue() {
        return queue(BufferPool.unpooled());
    }

    /** A queue on the test's scratch, returning pooled buffers to {@code pool}. */
    private WriteQueue queue(BufferPool pool) {
        return new WriteQueue() {
            @Override
            Scratch scratch() {
                return scratch;
            }

            @Override
            BufferPool pool() {
                return pool;
            }
        };
    }

    @Test
    void writesInOrderAndCompletesEachSendAfterItsLastByte() throws IOException {
        WriteQueue q = queue();
        Sink sink = new Sink();
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        int mark = q.count();
        q.add(ascii("ab"), false);
        q.add(ascii("cd"), false);
        assertThat(q.attachToLastQueued(mark, first, 4, 4)).isTrue();
        mark = q.count();
        q.add(ascii("efg"), false);
        assertThat(q.attachToLastQueued(mark, second, 3, 3)).isTrue();
        assertThat(q.bytes()).isEqualTo(7);

        sink.budget = 3;
        assertThat(q.writeTo(sink, done)).isFalse();
        assertThat(first).isNotDone();
        sink.budget = 2;
        assertThat(q.writeTo(sink, done)).isFalse();
        assertThat(first).isDone();
        assertThat(second).isNotDone();
        sink.budget = -1;
        assertThat(q.writeTo(sink, done)).isTrue();

        assertThat(sink.text()).isEqualTo("abcdefg");
        assertThat(second).isDone();
        assertThat(uncharged).containsExactly(4L, 3L);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
    }

    /**
     * A large heap buffer is offered a part at a time; a channel that takes every part must not
     * look full (a servlet stream that is still ready calls back no more, and the send stalled).
     */
    @Test
    void aLargeHeapBufferOfferedInPartsIsWrittenWholeWhileTheChannelTakesEverything() throws IOException {
        WriteQueue q = queue();
        Sink sink = new Sink();
        byte[] big = new byte[1024 * 1024 + 7];
        new java.util.Random(3).nextBytes(big);
        CompletableFuture<Void> send = new CompletableFuture<>();
        q.add(ByteBuffer.wrap(big), false);
        q.add(ascii("tail"), false);
        q.attachToLastQueued(0, send, big.length + 4, big.length + 4);

        assertThat(q.writeTo(sink, done)).as("the queue empties in one call").isTrue();
        assertThat(send).isDone();
        byte[] taken = sink.taken.toByteArray();
        assertThat(java.util.Arrays.copyOf(taken, big.length)).isEqualTo(big);
        assertThat(new String(taken, big.length, 4, StandardCharsets.US_ASCII)).isEqualTo("tail");
    }

    @Test
    void aSendThatQueuedNothingIsLeftToTheCaller() {
        WriteQueue q = queue();
        assertThat(q.attachToLastQueued(q.count(), new CompletableFuture<>(), 1, 1)).isFalse();
        q.add(ascii("x"), false);
        int mark = q.count();
        assertThat(q.attachToLastQueued(mark, new CompletableFuture<>(), 1, 1)).isFalse();
    }

    @Test
    void anIdleQueueHoldsNoSlotsAndTheNextQueueReusesThem() throws IOException {
        WriteQueue a = queue();
        WriteQueue b = queue();
        Sink sink = new Sink();
        a.add(ascii("one"), false);
        assertThat(scratch.spareRings()).isZero();
        a.writeTo(sink, done);
        assertThat(a.isEmpty()).isTrue();
        assertThat(scratch.spareRings()).isEqualTo(1);

        b.add(ascii("two"), false);
        assertThat(scratch.spareRings()).as("b took the ring a gave back").isZero();
        b.writeTo(sink, done);
        assertThat(scratch.spareRings()).isEqualTo(1);
        assertThat(sink.text()).isEqualTo("onetwo");
    }

    @Test
    void aRingGrownByABackloggedQueueIsNotKept() throws IOException {
        WriteQueue q = queue();
        Sink sink = new Sink();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < WriteRing.INITIAL_SLOTS * 4; i++) {
            q.add(ascii(Integer.toString(i)), false);
            expected.append(i);
        }
        assertThat(q.writeTo(sink, done)).isTrue();
        assertThat(sink.text()).isEqualTo(expected.toString());
        assertThat(scratch.spareRings()).isZero();
    }

    @Test
    void discardFailsQueuedSendsAndGivesTheSlotsBack() {
        WriteQueue q = queue();
        CompletableFuture<Void> send = new CompletableFuture<>();
        q.add(ascii("lost"), false);
        q.attachToLastQueued(0, send, 4, 4);
        IOException cause = new IOException("gone");

        assertThat(q.discard(cause, (f, c, h) -> { })).isEqualTo(4);
        assertThat(send).isCompletedExceptionally();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
        assertThat(scratch.spareRings()).isEqualTo(1);
    }

    @Test
    void pooledBuffersGoBackToThePoolOnceWritten() throws IOException {
        List<ByteBuffer> released = new ArrayList<>();
        BufferPool pool = new BufferPool() {
            @Override
            public ByteBuffer acquire(int capacity) {
                return ByteBuffer.allocate(capacity);
            }

            @Override
            public void release(ByteBuffer buffer) {
                released.add(buffer);
            }
        };
        WriteQueue q = queue(pool);
        ByteBuffer pooled = ascii("p");
        ByteBuffer mine = ascii("m");
        q.add(pooled, true);
        q.add(mine, false);
        q.writeTo(new Sink(), done);
        assertThat(released).containsExactly(pooled);
    }
}
