package dev.weft.cli;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;

import java.nio.ByteBuffer;

/** Sends every message back as it came: text as text, binary as binary. */
final class EchoListener implements WebSocketListener {
    @Override
    public void onText(WebSocket ws, String text) {
        ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ws.sendBinary(data);
    }
}
