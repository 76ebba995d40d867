package dev.weft.cli;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;

import java.io.PrintStream;
import java.nio.ByteBuffer;

/** Wraps a listener, printing one line when a connection opens and one when it closes. */
final class LoggingListener implements WebSocketListener {
    private final WebSocketListener inner;
    private final PrintStream out;

    LoggingListener(WebSocketListener inner, PrintStream out) {
        this.inner = inner;
        this.out = out;
    }

    @Override
    public void onOpen(WebSocket ws) {
        out.println("open  " + ws.handshakeRequest().path() + " " + ws.remoteAddress()
                + (ws.subprotocol() == null ? "" : " protocol=" + ws.subprotocol()));
        out.flush();
        inner.onOpen(ws);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        out.println("close " + ws.handshakeRequest().path() + " " + ws.remoteAddress() + " code=" + code
                + (reason.isEmpty() ? "" : " reason=" + reason) + (clean ? "" : " (unclean)"));
        out.flush();
        inner.onClose(ws, code, reason, clean);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        out.println("error " + ws.remoteAddress() + " " + error.getMessage());
        out.flush();
        inner.onError(ws, error);
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
    public void onWritable(WebSocket ws) {
        inner.onWritable(ws);
    }
}
