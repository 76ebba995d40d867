package dev.weft.testing;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;

import java.nio.ByteBuffer;
import java.util.Queue;

/** Listeners the tests share. */
public final class Listeners {
    private Listeners() {
    }

    /** Echoes text as text and binary as binary. */
    public static final WebSocketListener ECHO = echoRecordingCloses(null);

    /**
     * Echoes, answers the text "please-close" by closing with 4002 "server bye", and records each
     * close as "code reason" into {@code closes} (if not null): the peers' standard conversation.
     */
    public static WebSocketListener echoRecordingCloses(Queue<String> closes) {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("please-close")) {
                    ws.close(4002, "server bye");
                } else {
                    ws.sendText(text);
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ws.sendBinary(data);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                if (closes != null) {
                    closes.add(code + " " + reason);
                }
            }
        };
    }

    /** Echoes as {@link #ECHO} does, and records each connection's agreed extensions, as the header value. */
    public static WebSocketListener echoRecordingExtensions(Queue<String> agreed) {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                agreed.add(dev.weft.protocol.handshake.ExtensionHeader.format(ws.extensions()));
            }

            @Override
            public void onText(WebSocket ws, String text) {
                ECHO.onText(ws, text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ECHO.onBinary(ws, data);
            }
        };
    }
}
