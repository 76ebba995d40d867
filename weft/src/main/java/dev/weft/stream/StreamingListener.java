package dev.weft.stream;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.internal.transport.LogOnce;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A server endpoint's listener that gives each connection a {@link WebSocketStream} and runs a
 * handler with it on an executor, forwarding each connection's events to its own stream.
 */
final class StreamingListener implements WebSocketListener {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private final Executor executor;
    private final WebSocketStream.StreamHandler handler;
    private final Map<WebSocket, WebSocketStream> streams = new ConcurrentHashMap<>();

    StreamingListener(Executor executor, WebSocketStream.StreamHandler handler) {
        this.executor = executor;
        this.handler = handler;
    }

    @Override
    public void onOpen(WebSocket ws) {
        WebSocketStream stream = WebSocketStream.create();
        stream.onOpen(ws);
        streams.put(ws, stream);
        executor.execute(() -> run(stream, ws));
    }

    /** Runs the handler, then closes the connection: 1000 if it returned, 1011 if it threw. */
    private void run(WebSocketStream stream, WebSocket ws) {
        try {
            handler.handle(stream);
            stream.close();
        } catch (Exception e) {
            // A handler that stops because the peer went away is not news; one that fails on an open connection is.
            if (ws.readyState() == dev.weft.ReadyState.OPEN) {
                LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "stream handler failed; closing with 1011", e);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "stream handler stopped after its connection closed", e);
            }
            ws.close(1011, "stream handler failed");
        }
    }

    @Override
    public void onText(WebSocket ws, String text) {
        WebSocketStream s = streams.get(ws);
        if (s != null) {
            s.onText(ws, text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        WebSocketStream s = streams.get(ws);
        if (s != null) {
            s.onBinary(ws, data);
        }
    }

    @Override
    public void onFragment(WebSocket ws, dev.weft.MessageType type, ByteBuffer data, boolean last) {
        WebSocketStream s = streams.get(ws);
        if (s != null) {
            s.onFragment(ws, type, data, last);
        }
    }

    @Override
    public void onWritable(WebSocket ws) {
        WebSocketStream s = streams.get(ws);
        if (s != null) {
            s.onWritable(ws);
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        WebSocketStream s = streams.remove(ws);
        if (s != null) {
            s.onClose(ws, code, reason, clean);
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        WebSocketStream s = streams.get(ws);
        if (s != null) {
            s.onError(ws, error);
        }
    }
}
