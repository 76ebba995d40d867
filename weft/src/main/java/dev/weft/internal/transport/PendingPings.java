package dev.weft.internal.transport;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A connection's pings still waiting for their pong, oldest first: those the application sends
 * with {@code pingAndAwaitPong} and the keepalive's own. A pong is matched by payload; since a
 * peer may answer only the latest of several pings (RFC 6455 §5.5.3), a pong completes every
 * ping sent up to the one it answers (the oldest waiting with its payload). Each ping leaves at its deadline (an application's fails
 * with {@link TimeoutException}); all fail when the connection closes. Loop thread only; a
 * session makes one when it sends such a ping and drops it once nothing waits.
 */
final class PendingPings {
    /** One ping sent: its payload, when, and who waits for its pong. */
    private static final class Ping {
        final byte[] payload;
        final long sentAt;
        /** Told the round trip when a pong answers this ping or a later one. */
        final Consumer<Duration> answered;
        /** The application's future, failed at the deadline or close; null for a keepalive ping. */
        final CompletableFuture<Duration> future;
        Timer deadline;

        Ping(byte[] payload, long sentAt, Consumer<Duration> answered, CompletableFuture<Duration> future) {
            this.payload = payload;
            this.sentAt = sentAt;
            this.answered = answered;
            this.future = future;
        }
    }

    private final EventLoop loop;
    private final ArrayDeque<Ping> waiting = new ArrayDeque<>();

    PendingPings(EventLoop loop) {
        this.loop = loop;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** An application's ping went out: {@code future} completes with the round trip, or fails at {@code timeout}. */
    void awaiting(ByteBuffer payload, Duration timeout, CompletableFuture<Duration> future) {
        Ping p = new Ping(bytes(payload), loop.nanoTime(), future::complete, future);
        add(p, timeout);
    }

    /** A keepalive ping went out: {@code answered} hears the round trip; forgotten after {@code timeout}. */
    void keepAlive(ByteBuffer payload, Duration timeout, Consumer<Duration> answered) {
        add(new Ping(bytes(payload), loop.nanoTime(), answered, null), timeout);
    }

    private void add(Ping p, Duration timeout) {
        waiting.addLast(p);
        p.deadline = loop.schedule(timeout.toNanos(), () -> expire(p, timeout));
    }

    private void expire(Ping p, Duration timeout) {
        if (waiting.remove(p) && p.future != null) {
            p.future.completeExceptionally(new TimeoutException("no pong within " + timeout.toMillis() + " ms"));
        }
    }

    /** A pong arrived: completes the ping it answers and every one sent before it; nothing if it answers none. */
    void pong(ByteBuffer payload) {
        // The oldest ping with this payload: a peer answering every ping answers them in order, and
        // one that answers only the latest answers a ping sent after every earlier one.
        int answers = -1;
        int i = 0;
        for (Ping p : waiting) {
            if (p.payload.length == payload.remaining() && ByteBuffer.wrap(p.payload).equals(payload)) {
                answers = i;
                break;
            }
            i++;
        }
        long now = loop.nanoTime();
        for (int k = 0; k <= answers; k++) {
            Ping p = waiting.pollFirst();
            p.deadline.cancel();
            p.answered.accept(Duration.ofNanos(now - p.sentAt));
        }
    }

    /** The connection is gone: every application's ping fails with {@code why}. */
    void closed(Throwable why) {
        Ping p;
        while ((p = waiting.pollFirst()) != null) {
            p.deadline.cancel();
            if (p.future != null) {
                p.future.completeExceptionally(why);
            }
        }
    }

    private static byte[] bytes(ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        return b;
    }
}
