package dev.weft.flow;

import dev.weft.WebSocket;
import dev.weft.WebSocketClosedException;
import dev.weft.WebSocketListener;
import dev.weft.protocol.close.CloseCode;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's incoming messages as a {@link Flow.Publisher}: give it to the connection as
 * its listener ({@code client.connect(uri, publisher)}, or an endpoint's per-connection
 * listener), and subscribe once. Demand drives reading: once a message has arrived that the
 * subscriber has not asked for, the connection is not read ({@link WebSocket#pauseReading()})
 * until it asks, so TCP's flow control slows the peer instead of messages piling up here (at
 * most that one message is held; reading it is how a close is seen without demand).
 *
 * <p>A close with 1000, 1001 or no code, after a clean close handshake, completes the
 * subscriber; any other end fails it with the {@code onError} cause, or a
 * {@link WebSocketClosedException} naming the code. Cancelling closes the connection with 1000:
 * the publisher is its only reader. One subscriber only (a second gets {@code onError}); whole
 * messages only (not with {@code assembleFragments(false)}).
 */
public final class MessagePublisher implements Flow.Publisher<Message>, WebSocketListener {
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final Queue<Message> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicLong requested = new AtomicLong();
    /** Drain-loop guard: signals to the subscriber come from one thread at a time (§1.3). */
    private final AtomicInteger work = new AtomicInteger();
    private volatile Flow.@Nullable Subscriber<? super Message> subscriber;
    private volatile @Nullable WebSocket socket;
    private volatile boolean ended;
    private volatile @Nullable Throwable failure;
    private volatile @Nullable Throwable error;
    private volatile boolean cancelled;
    /**
     * Whether this publisher paused the connection's reading. Only the connection's own thread
     * pauses (in a callback, so the pause takes effect before the next message is parsed); any
     * thread resumes, by taking this flag back, so a resume always follows the pause it undoes.
     */
    private final AtomicBoolean pausedHere = new AtomicBoolean();
    private volatile boolean terminated;

    /** A publisher for the connection it will be the listener of. */
    public MessagePublisher() {
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Message> s) {
        Objects.requireNonNull(s, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("a connection's messages have one subscriber, and it has one"));
            return;
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    error = new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams §3.9)");
                } else {
                    requested.getAndAccumulate(n, (now, more) -> now + more < 0 ? Long.MAX_VALUE : now + more);
                }
                drain();
            }

            @Override
            public void cancel() {
                cancelled = true;
                drain();
            }
        });
        // Only now may the drain loop signal it: nothing reaches a subscriber before its
        // onSubscribe has returned (requests made inside it are counted and served from here).
        subscriber = s;
        drain();
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        drain();
    }

    @Override
    public void onText(WebSocket ws, String text) {
        arrive(Message.text(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        arrive(Message.binary(data));
    }

    private void arrive(Message m) {
        if (terminated) {
            return;
        }
        arrived.add(m);
        drain();
        if (!arrived.isEmpty() && requested.get() == 0 && !terminated) {
            // A message nobody asked for: stop reading until someone does. The flag is taken
            // first and the need checked again, since a request on another thread may have
            // taken the message meanwhile: then the flag is put back and nothing is paused. A
            // request after the pause finds the flag and resumes, on the loop, after this callback.
            WebSocket ws = socket;
            if (ws != null && pausedHere.compareAndSet(false, true)) {
                if (!arrived.isEmpty() && requested.get() == 0 && !terminated) {
                    ws.pauseReading();
                } else {
                    pausedHere.compareAndSet(true, false);
                }
            }
        }
    }

    private void resumeIfPausedHere(@Nullable WebSocket ws) {
        if (ws != null && pausedHere.compareAndSet(true, false)) {
            ws.resumeReading();
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable cause) {
        failure = cause;
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        if (failure == null && !(clean && (code == CloseCode.NORMAL || code == CloseCode.GOING_AWAY
                || code == CloseCode.NO_STATUS))) {
            failure = new WebSocketClosedException("the connection closed with " + code
                    + (reason.isEmpty() ? "" : " (" + reason + ")") + (clean ? "" : ", not cleanly"));
        }
        ended = true;
        drain();
    }

    /**
     * Hands over what there is demand for, then ends, or resumes reading once nothing waits.
     * Whichever thread gets here first does the work, for every caller meanwhile (the rest only
     * count themselves in), so a request made inside onNext does not recurse.
     */
    private void drain() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!terminated) {
                step();
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() {
        Flow.Subscriber<? super Message> s = subscriber;
        WebSocket ws = socket;
        if (cancelled) {
            terminate(ws);
            if (ws != null) {
                ws.close(CloseCode.NORMAL, "");
            }
            return;
        }
        if (s == null) {
            return;
        }
        Throwable badRequest = error;
        if (badRequest != null) {
            terminate(ws);
            if (ws != null) {
                ws.close(CloseCode.NORMAL, "");
            }
            s.onError(badRequest);
            return;
        }
        long sent = 0;
        long demand = requested.get();
        while (sent < demand && !cancelled) {
            Message m = arrived.poll();
            if (m == null) {
                break;
            }
            s.onNext(m);
            sent++;
        }
        if (sent != 0 && demand != Long.MAX_VALUE) {
            requested.addAndGet(-sent);
        }
        if (cancelled || error != null) {
            return; // handled on the next pass (work was counted by cancel() / request())
        }
        if (ended && arrived.isEmpty()) {
            terminate(ws);
            Throwable f = failure;
            if (f == null) {
                s.onComplete();
            } else {
                s.onError(f);
            }
            return;
        }
        if (arrived.isEmpty()) {
            resumeIfPausedHere(ws);
        }
    }

    private void terminate(@Nullable WebSocket ws) {
        terminated = true;
        arrived.clear();
        subscriber = null;
        resumeIfPausedHere(ws); // nothing to hold back any more: let the close handshake be read
    }

    @Override
    public String toString() {
        return "MessagePublisher[requested=" + requested.get() + ", waiting=" + arrived.size() + ", pausedHere="
                + pausedHere.get() + ", ended=" + ended + ", terminated=" + terminated + ", cancelled=" + cancelled + "]";
    }
}
