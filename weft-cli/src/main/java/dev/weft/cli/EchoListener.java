package dev.weft.cli;

import dev.weft.SendQueueFullException;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.protocol.close.CloseCode;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends every message back as it came: text as text, binary as binary. A peer that sends faster
 * than it reads is slowed the way TCP slows anyone: once its echoes pass the high watermark, this
 * connection stops being read until they drain below the low one. (weft itself reads on however
 * much output waits, since two endpoints that both stopped reading would wait for each other for
 * good; an echo's input only ever makes output for the same peer, so pausing it is safe.) An echo
 * that still cannot be queued (the server's outbound memory spent) would be a message silently
 * lost, so the connection is closed with 1013 (try again later) instead.
 */
final class EchoListener implements WebSocketListener {
    @Override
    public void onText(WebSocket ws, String text) {
        echoed(ws, ws.sendText(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        echoed(ws, ws.sendBinary(data));
    }

    @Override
    public void onWritable(WebSocket ws) {
        ws.resumeReading();
    }

    private static void echoed(WebSocket ws, CompletableFuture<Void> sent) {
        if (sent.isCompletedExceptionally()) {
            sent.exceptionally(e -> {
                if (e instanceof SendQueueFullException) {
                    ws.close(CloseCode.TRY_AGAIN_LATER, "server busy");
                }
                return null;
            });
        } else if (!ws.isWritable()) {
            ws.pauseReading();
        }
    }
}
