package dev.weft.internal.transport;

import dev.weft.SendQueueFullException;
import dev.weft.WebSocketClosedException;
import dev.weft.WebSocketConfig;

import dev.weft.protocol.WireProtocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A connection's send side, safe from any thread: what the application asked to send and weft
 * has not yet written ({@code bufferedAmount}), held to the connection's hard cap and
 * watermarks and to the outbound memory budget, and each send handed to the loop in order,
 * where the core encodes it onto the link.
 *
 * <p>The base of every connection that sends (a WebSocket session, an event stream, through
 * {@link TopicMember}) rather than an object each holds: an idle server keeps one object per
 * connection fewer, and the link, settings and budget it needs are the connection's own fields.
 */
abstract class Outgoing {
    /** Runs {@code r} on the connection's loop. */
    abstract void onLoop(Runnable r);

    /** Whether the connection still takes sends (loop thread). */
    abstract boolean canSend();

    /** The connection's state, for the message of a send refused on a closed connection. */
    abstract dev.weft.ReadyState readyState();

    /** Sends were written or dropped; see {@link Link.Stage#onWritten}. */
    abstract void onWritten(long own, long shared, long held);

    /** The peer, for log lines. */
    abstract java.net.InetSocketAddress remoteAddress();

    /** The server's or client's memory budgets, shared by all its connections. */
    abstract MemoryLedger ledger();


    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final VarHandle BUFFERED;

    static {
        try {
            BUFFERED = MethodHandles.lookup().findVarHandle(Outgoing.class, "buffered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The link the connection's bytes go out on. */
    final Link link;
    /** The connection's settings: the cap and watermarks its sends are held to. */
    final WebSocketConfig config;
    /** Bytes charged to sends not yet written; changed only through {@link #BUFFERED}. */
    private volatile long buffered;
    private volatile boolean writable = true;
    /** Whether a send was ever written (or dropped): with nothing queued, the connection keeps up with what it is sent. */
    private volatile boolean drainedBefore;
    /** Whether a refusal by the outbound budget was logged for this connection (loop thread). */
    private boolean refusalLogged;

    Outgoing(Link link, WebSocketConfig config) {
        this.link = link;
        this.config = config;
    }

    /** Bytes charged to sends not yet written: the connection's {@code bufferedAmount}. */
    final long buffered() {
        return buffered;
    }

    /** Whether the connection is below its high watermark (or back below the low one). */
    final boolean writable() {
        return writable;
    }

    /** Charges a send, refuses it over the hard cap or the budget, and runs it on the loop in order. */
    final CompletableFuture<Void> submit(long charge, Runnable send) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        long queued = reserveLocal(charge);
        if (queued < 0) {
            f.completeExceptionally(new SendQueueFullException("outgoing queue at " + buffered
                    + " bytes; a send of " + charge + " would pass the cap of " + config.maxOutboundBytes()));
            return f;
        }
        if (!ledger().reserveOutbound(charge, queued == 0 && drainedBefore)) {
            BUFFERED.getAndAdd(this, -charge);
            logRefusal(charge);
            f.completeExceptionally(new SendQueueFullException("the outbound memory budget of all connections is "
                    + "spent; a send of " + charge + " bytes was refused"));
            return f;
        }
        dispatch(charge, send, f);
        return f;
    }

    /**
     * Queues a frame encoded once for many connections; false if this connection's queue is at
     * its cap (the frame is then not queued here).
     */
    final boolean submitShared(long charge, SharedFrame shared, Runnable send) {
        if (reserveLocal(charge) < 0) {
            return false;
        }
        shared.hold();
        dispatch(charge, send, shared);
        return true;
    }

    /**
     * Queues a frame encoded once for many connections, now: the loop's own path for topic
     * deliveries, which allocates nothing but the caller's view of the frame.
     *
     * @param frame    this connection's view of the shared frame
     * @param protocol the connection's core, which encodes nothing but checks it may send; or
     *     {@code null} to write the bytes to the link as they are (an event stream's)
     * @return false if the connection's queue is at its cap or a message of its own is half sent
     *     (nothing is then queued here)
     */
    final boolean queueSharedNow(long charge, SharedFrame shared, ByteBuffer frame, WireProtocol protocol) {
        if (reserveLocal(charge) < 0) {
            return false;
        }
        shared.hold();
        int mark = link.writeMark();
        try {
            if (protocol != null) {
                protocol.sendEncoded(frame);
            } else {
                link.write(frame, false);
            }
        } catch (RuntimeException e) {
            abandon(charge, shared, e);
            return false;
        }
        link.attachToLast(mark, shared, charge, 0);
        return true;
    }

    /**
     * Sends were written or dropped: their charges go back.
     *
     * @return true if the connection just became writable again (below the low watermark)
     */
    final boolean written(long own, long shared, long held) {
        if (held != 0) {
            ledger().releaseOutbound(held);
        }
        drainedBefore = true;
        long charge = own + shared;
        long now = (long) BUFFERED.getAndAdd(this, -charge) - charge;
        if (!writable && now <= config.lowWatermark()) {
            writable = true;
            return true;
        }
        return false;
    }

    private void logRefusal(long charge) {
        onLoop(() -> {
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.log(System.Logger.Level.DEBUG, "outbound memory budget spent: a send of " + charge
                        + " bytes to " + remoteAddress() + " refused");
            }
        });
    }

    /**
     * Charges a send against this connection's queue.
     *
     * @return what was charged to the queue before this send, or -1 (nothing charged) if the send
     *         would pass the hard cap
     */
    private long reserveLocal(long charge) {
        long before = (long) BUFFERED.getAndAdd(this, charge);
        long now = before + charge;
        if (now > config.maxOutboundBytes()) {
            BUFFERED.getAndAdd(this, -charge);
            return -1;
        }
        if (now > config.highWatermark()) {
            writable = false;
        }
        return before;
    }

    /** Runs a charged send on the loop, in order. */
    private void dispatch(long charge, Runnable send, CompletableFuture<Void> f) {
        if (link.loop().inLoop()) {
            sendNow(charge, send, f);
        } else {
            link.loop().execute(() -> sendNow(charge, send, f));
        }
    }

    private void sendNow(long charge, Runnable send, CompletableFuture<Void> f) {
        if (link.isClosed() || !canSend()) {
            abandon(charge, f, new WebSocketClosedException("connection is " + readyState()));
            return;
        }
        int mark = link.writeMark();
        long queuedBefore = link.queuedBytes();
        try {
            send.run();
        } catch (RuntimeException e) {
            abandon(charge, f, e);
            return;
        }
        long held = 0;
        if (!(f instanceof SharedFrame)) {
            // The budget was asked for the message's size before it was encoded; once compression
            // has made it smaller, what it holds is what it queued.
            long queued = link.queuedBytes() - queuedBefore;
            held = Math.min(queued, charge);
            if (held < charge) {
                ledger().releaseOutbound(charge - held);
            }
        }
        link.attachToLast(mark, f, charge, held);
    }

    /** A send that will not be queued: its charges go back, its future fails (a shared frame is let go). */
    private void abandon(long charge, CompletableFuture<Void> f, Throwable why) {
        if (f instanceof SharedFrame frame) {
            onWritten(0, charge, 0);
            frame.letGo();
        } else {
            onWritten(charge, 0, charge);
            f.completeExceptionally(why);
        }
    }
}
