package dev.weft.internal.transport;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * A link's account of finished sends: completes or fails each send's future (a broadcast's
 * shared frame is let go instead, nobody waits on it) and adds up the charges, which the stage
 * hears in one {@link Link.Stage#onWritten} call per flush. Loop thread only.
 *
 * <p>It is the write queue whose sends it settles, and every link is one ({@link QueuedLink}
 * extends it), so a connection carries three counters for it and no object of its own.
 */
abstract class Settlement extends WriteQueue implements WriteQueue.Completion {
    private long own;
    private long shared;
    private long held;

    /** A queued write went out: counts its charge and completes its send's future. */
    @Override
    public final void written(CompletableFuture<Void> future, long charge, long held) {
        settle(future, charge, held, null);
    }

    /** A queued write will never go out: counts its charge and fails its send's future. */
    @Override
    public final void dropped(CompletableFuture<Void> future, long charge, long held, Throwable cause) {
        settle(future, charge, held, cause);
    }

    private void settle(CompletableFuture<Void> future, long charge, long held, Throwable failure) {
        if (future instanceof SharedFrame frame) {
            shared += charge;
            frame.letGo();
            return;
        }
        own += charge;
        this.held += held;
        if (future == null) {
            return;
        }
        if (failure == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(failure);
        }
    }

    /**
     * Ties a send's future and charges to the last buffer queued since {@code mark}; settles it
     * at once if nothing was queued, or as dropped if the link is closed.
     */
    final void attach(boolean closed, int mark, CompletableFuture<Void> future, long charge, long held) {
        if (closed) {
            dropped(future, charge, held, new ClosedChannelException());
        } else if (!attachToLastQueued(mark, future, charge, held)) {
            written(future, charge, held);
        }
    }

    /** Tells {@code stage} the charges of what was written or dropped since it last heard, if any. */
    final void report(Link.Stage stage) {
        if (own != 0 || shared != 0 || held != 0) {
            long o = own;
            long s = shared;
            long h = held;
            own = 0;
            shared = 0;
            held = 0;
            stage.onWritten(o, s, h);
        }
    }
}
