package dev.weft.cluster.redis;

import io.lettuce.core.api.StatefulConnection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A connection to one Redis node that may still be opening, and the commands given it
 * meanwhile: they are sent in the order they were given (a future's dependents run in no
 * promised order, so publishes chained on an opening connection would overtake one another).
 * Once it is open and nothing waits, a command is sent at once.
 *
 * @param <C> the kind of connection
 */
final class QueuedConnection<C extends StatefulConnection<?, ?>> {
    private final CompletableFuture<C> opening;
    /** The last command given while the connection was opening (or the opening itself); guarded by this. */
    private CompletableFuture<?> last;

    QueuedConnection(CompletableFuture<C> opening) {
        this.opening = opening;
        this.last = opening;
    }

    /** Sends {@code command} once the connection is open and every command given before it was sent and answered. */
    synchronized <R> CompletableFuture<R> run(Function<C, CompletionStage<R>> command) {
        if (last.isDone()) {
            return now(command); // the usual case: open, nothing waiting
        }
        CompletableFuture<R> queued = last.handle((ignored, failure) -> null).thenCompose(ignored -> now(command));
        last = queued;
        return queued;
    }

    private <R> CompletableFuture<R> now(Function<C, CompletionStage<R>> command) {
        if (opening.isCompletedExceptionally()) {
            return opening.thenApply(c -> null); // fails as the opening did
        }
        C c = opening.join();
        return c.isOpen() ? command.apply(c).toCompletableFuture()
                : CompletableFuture.failedFuture(new IllegalStateException("not connected to the master of this channel"));
    }

    /** Whether opening it failed (a new attempt is then made). */
    boolean failed() {
        return opening.isCompletedExceptionally();
    }

    /** Whether it is open now. */
    boolean isOpen() {
        return opening.isDone() && !failed() && opening.join().isOpen();
    }

    /** Whether {@code connection} is this one. */
    boolean is(Object connection) {
        return opening.isDone() && !failed() && opening.join() == connection;
    }

    /** Waits for it to open (on the bus's own thread only); throws if it cannot. */
    void awaitOpen() {
        opening.join();
    }

    /** Closes it, now or once it has opened. */
    void close() {
        opening.thenAccept(StatefulConnection::closeAsync);
    }
}
