package dev.weft;

import java.nio.ByteBuffer;

/**
 * Passes every call to another listener; a subclass overrides the calls it adds to (logging,
 * counting, closing on a condition) and calls {@code super} to pass them on. A call added to
 * {@link WebSocketListener} later is passed on here, so decorators written this way keep
 * forwarding it.
 */
public class ForwardingListener implements WebSocketListener {
    private final WebSocketListener inner;

    /**
     * A listener passing every call to {@code inner}.
     *
     * @param inner the listener that gets every call
     */
    public ForwardingListener(WebSocketListener inner) {
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
    }

    /** Passes the call on. */
    @Override
    public void onOpen(WebSocket ws) {
        inner.onOpen(ws);
    }

    /** Passes the call on. */
    @Override
    public void onText(WebSocket ws, String text) {
        inner.onText(ws, text);
    }

    /** Passes the call on. */
    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        inner.onBinary(ws, data);
    }

    /** Passes the call on. */
    @Override
    public void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
        inner.onFragment(ws, type, data, last);
    }

    /** Passes the call on. */
    @Override
    public void onPing(WebSocket ws, ByteBuffer payload) {
        inner.onPing(ws, payload);
    }

    /** Passes the call on. */
    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        inner.onPong(ws, payload);
    }

    /** Passes the call on. */
    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        inner.onClose(ws, code, reason, clean);
    }

    /** Passes the call on. */
    @Override
    public void onError(WebSocket ws, Throwable error) {
        inner.onError(ws, error);
    }

    /** Passes the call on. */
    @Override
    public void onWritable(WebSocket ws) {
        inner.onWritable(ws);
    }
}
