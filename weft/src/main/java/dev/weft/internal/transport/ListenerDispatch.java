package dev.weft.internal.transport;

import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Where a connection's listener is called: on the loop thread (the default, with no task object
 * per message), or in order on the configured executor, with copies of the buffers the core only
 * lends. A callback that throws is handed, on the loop, to the connection, which fails with 1011.
 *
 * <p>Each method takes the session it calls for, so the loop-thread dispatch is one shared
 * instance: an idle connection pays nothing for it (only a connection whose callbacks run on an
 * executor holds an object of its own, for the order of its calls).
 */
abstract sealed class ListenerDispatch {
    private static final ListenerDispatch ON_LOOP = new OnLoop();

    /**
     * The dispatch for one connection.
     *
     * @param executor where callbacks run, or {@code null} for the loop thread
     */
    static ListenerDispatch of(@Nullable Executor executor) {
        return executor == null ? ON_LOOP : new OnExecutor(new SerialExecutor(executor));
    }

    /** Whether callbacks run on the loop thread, during the core's call. */
    abstract boolean onLoopThread();

    /** A whole text message: the hot path, with no task object when callbacks run on the loop. */
    abstract void text(WebSocketSession session, String text);

    /** A whole binary message, as {@link #text}. */
    abstract void binary(WebSocketSession session, ByteBuffer data);

    /** Lent buffers stay valid only during the core's call; a callback on an executor gets a copy. */
    abstract ByteBuffer lendOrCopy(ByteBuffer b);

    /** Runs a listener callback for {@code session} where callbacks run. */
    abstract void call(WebSocketSession session, Runnable callback);

    /** Callbacks on the loop thread, inside the core's call: shared by every such connection. */
    private static final class OnLoop extends ListenerDispatch {
        @Override
        boolean onLoopThread() {
            return true;
        }

        @Override
        void text(WebSocketSession session, String text) {
            try {
                session.listener().onText(session, text);
            } catch (RuntimeException e) {
                session.listenerFailed(e);
            }
        }

        @Override
        void binary(WebSocketSession session, ByteBuffer data) {
            try {
                session.listener().onBinary(session, data);
            } catch (RuntimeException e) {
                session.listenerFailed(e);
            }
        }

        @Override
        ByteBuffer lendOrCopy(ByteBuffer b) {
            return b;
        }

        @Override
        void call(WebSocketSession session, Runnable callback) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                session.listenerFailed(e);
            }
        }
    }

    /** Callbacks one at a time, in order, on the configured executor; one per connection. */
    private static final class OnExecutor extends ListenerDispatch {
        private final SerialExecutor callbacks;

        OnExecutor(SerialExecutor callbacks) {
            this.callbacks = callbacks;
        }

        @Override
        boolean onLoopThread() {
            return false;
        }

        @Override
        void text(WebSocketSession session, String text) {
            call(session, () -> session.listener().onText(session, text));
        }

        @Override
        void binary(WebSocketSession session, ByteBuffer data) {
            call(session, () -> session.listener().onBinary(session, data));
        }

        @Override
        ByteBuffer lendOrCopy(ByteBuffer b) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining());
            copy.put(b.duplicate()).flip();
            return copy;
        }

        @Override
        void call(WebSocketSession session, Runnable callback) {
            callbacks.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    session.onLoop(() -> session.listenerFailed(e));
                }
            });
        }
    }
}
