package dev.weft.cli;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;

import java.nio.ByteBuffer;

/** Passes every event to another listener; subclasses add to the events they care about. */
class ForwardingListener implements WebSocketListener {
    private final WebSocketListener inner;

    ForwardingListener(WebSocketListener inner) {
        this.inner = inner;
    }

    @Override
    public void onOpen(WebSocket ws) {
        inner.onOpen(ws);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        inner.onText(ws, text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        inner.onBinary(ws, data);
    }

    @Override
    public void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
        inner.onFragment(ws, type, data, last);
    }

    @Override
    public void onPing(WebSocket ws, ByteBuffer payload) {
        inner.onPing(ws, payload);
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        inner.onPong(ws, payload);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        inner.onClose(ws, code, reason, clean);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        inner.onError(ws, error);
    }

    @Override
    public void onWritable(WebSocket ws) {
        inner.onWritable(ws);
    }
}
