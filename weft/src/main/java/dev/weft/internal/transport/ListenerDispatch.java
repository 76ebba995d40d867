package dev.weft.internal.transport;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where a connection's listener is called: on the loop thread (the default, with no task object
 * per message), or in order on the configured executor, with copies of the buffers the core only
 * lends. A callback that throws is handed, on the loop, to the connection, which fails with 1011.
 */
final class ListenerDispatch {
    private final WebSocket socket;
    private final WebSocketListener listener;
    /** Runs callbacks one at a time on the configured executor; null for the loop thread. */
    private final @Nullable Executor callbacks;
    private final EventLoop loop;
    private final Consumer<RuntimeException> failed;

    /**
     * @param executor where callbacks run, or {@code null} for the loop thread
     * @param failed   told, on the loop, of a callback that threw
     */
    ListenerDispatch(WebSocket socket, WebSocketListener listener, @Nullable Executor executor, EventLoop loop,
                     Consumer<RuntimeException> failed) {
        this.socket = socket;
        this.listener = listener;
        this.callbacks = executor == null ? null : new SerialExecutor(executor);
        this.loop = loop;
        this.failed = failed;
    }

    WebSocketListener listener() {
        return listener;
    }

    /** Whether callbacks run on the loop thread, during the core's call. */
    boolean onLoopThread() {
        return callbacks == null;
    }

    /** A whole text message: the hot path, with no task object when callbacks run on the loop. */
    void text(String text) {
        if (callbacks == null) {
            try {
                listener.onText(socket, text);
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        } else {
            call(() -> listener.onText(socket, text));
        }
    }

    /** A whole binary message, as {@link #text}. */
    void binary(ByteBuffer data) {
        if (callbacks == null) {
            try {
                listener.onBinary(socket, data);
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        } else {
            call(() -> listener.onBinary(socket, data));
        }
    }

    /** Lent buffers stay valid only during the core's call; a callback on an executor gets a copy. */
    ByteBuffer lendOrCopy(ByteBuffer b) {
        if (callbacks == null) {
            return b;
        }
        ByteBuffer copy = ByteBuffer.allocate(b.remaining());
        copy.put(b.duplicate()).flip();
        return copy;
    }

    /** Runs a listener callback where callbacks run. */
    void call(Runnable callback) {
        if (callbacks == null) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        } else {
            callbacks.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    loop.execute(() -> failed.accept(e));
                }
            });
        }
    }
}
