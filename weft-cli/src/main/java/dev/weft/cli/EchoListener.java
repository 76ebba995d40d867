package dev.weft.cli;

import dev.weft.SendQueueFullException;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.protocol.close.CloseCode;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends every message back as it came: text as text, binary as binary. An echo that cannot be
 * queued (the peer's queue at its cap, or the server's outbound memory spent) would be a message
 * silently lost, so the connection is closed with 1013 (try again later) instead.
 */
final class EchoListener implements WebSocketListener {
    @Override
    public void onText(WebSocket ws, String text) {
        closeIfRefused(ws, ws.sendText(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        closeIfRefused(ws, ws.sendBinary(data));
    }

    private static void closeIfRefused(WebSocket ws, CompletableFuture<Void> sent) {
        if (sent.isCompletedExceptionally()) {
            sent.exceptionally(e -> {
                if (e instanceof SendQueueFullException) {
                    ws.close(CloseCode.TRY_AGAIN_LATER, "server busy");
                }
                return null;
            });
        }
    }
}
