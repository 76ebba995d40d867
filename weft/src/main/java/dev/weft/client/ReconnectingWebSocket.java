package dev.weft.client;

import dev.weft.MessageType;
import dev.weft.ReadyState;
import dev.weft.SendQueueFullException;
import dev.weft.WebSocket;
import dev.weft.WebSocketClosedException;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.internal.transport.EventLoop;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The stable handle of a client connection made with {@link ConnectOptions.Builder#reconnect}:
 * one {@link WebSocket} for the application across the connections made under it. Its listener
 * hears {@code onOpen} for every connection and {@code onClose} for every loss (then
 * {@link #readyState()} is CONNECTING if another attempt follows); every event names this
 * handle. Sends go to the connection open now, or, while none is, fail fast or wait in order
 * (the policy's choice). Safe from any thread, callbacks included.
 */
final class ReconnectingWebSocket implements WebSocket {
    /** A send waiting for the next connection. */
    private record Waiting(long bytes, java.util.function.Function<WebSocket, CompletableFuture<Void>> send,
                           CompletableFuture<Void> result) {
    }

    private final WebSocketClient client;
    private final URI uri;
    private final ConnectOptions options;
    private final WebSocketListener listener;
    private final ReconnectPolicy policy;
    private final EventLoop timers;
    private final CompletableFuture<WebSocket> first = new CompletableFuture<>();
    private final Object lock = new Object();
    /** Guarded by lock: sends waiting, their bytes, the attempts since the last open connection. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private int attempt;
    private boolean everOpened;
    private volatile WebSocket current;
    private volatile ReadyState state = ReadyState.CONNECTING;
    private volatile boolean closing;
    private volatile Object attachment;

    ReconnectingWebSocket(WebSocketClient client, URI uri, ConnectOptions options, WebSocketListener listener,
                          ReconnectPolicy policy, EventLoop timers) {
        this.client = client;
        this.uri = uri;
        this.options = options;
        this.listener = listener;
        this.policy = policy;
        this.timers = timers;
    }

    /** Makes the first attempt; completes when a connection first opens, or fails when the policy gives up. */
    CompletableFuture<WebSocket> start() {
        connect();
        return first;
    }

    private void connect() {
        if (closing) {
            return;
        }
        synchronized (lock) {
            attempt++;
        }
        client.connectOnce(uri, options, new Relay()).whenComplete((ws, failure) -> {
            if (failure == null) {
                return; // the relay's onOpen has taken the connection over
            }
            Throwable cause = dev.weft.internal.transport.Futures.unwrap(failure);
            int next;
            synchronized (lock) {
                next = attempt + 1;
            }
            if (!closing && cause instanceof WebSocketConnectException e && policy.retries(e) && policy.mayAttempt(next)) {
                retryLater(next);
            } else {
                giveUp(cause);
            }
        });
    }

    private void retryLater(int nextAttempt) {
        long delay = policy.delayNanos(nextAttempt);
        timers.execute(() -> timers.schedule(delay, this::connect));
    }

    private void giveUp(Throwable why) {
        state = ReadyState.CLOSED;
        failWaiting(why);
        if (!first.isDone()) {
            first.completeExceptionally(why);
        } else if (!closing) {
            listener.onError(this, why);
        }
    }

    private void failWaiting(Throwable why) {
        synchronized (lock) {
            for (Waiting w : waiting) {
                w.result().completeExceptionally(why);
            }
            waiting.clear();
            waitingBytes = 0;
        }
    }

    /** Hears one connection's events and tells the application's listener, naming the handle. */
    private final class Relay implements WebSocketListener {
        @Override
        public void onOpen(WebSocket ws) {
            if (closing) {
                ws.close();
                return;
            }
            int succeeded;
            boolean reconnected;
            synchronized (lock) {
                succeeded = attempt;
                attempt = 0;
                reconnected = everOpened;
                everOpened = true;
                current = ws;
                state = ReadyState.OPEN;
            }
            listener.onOpen(ReconnectingWebSocket.this);
            if (reconnected) {
                policy.onReconnect().accept(ReconnectingWebSocket.this, succeeded);
            }
            synchronized (lock) {
                // In order, before any later send: a send takes the lock and sees this connection.
                for (Waiting w : waiting) {
                    w.send().apply(ws).whenComplete((ok, e) -> {
                        if (e == null) {
                            w.result().complete(null);
                        } else {
                            w.result().completeExceptionally(e);
                        }
                    });
                }
                waiting.clear();
                waitingBytes = 0;
            }
            first.complete(ReconnectingWebSocket.this);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            listener.onText(ReconnectingWebSocket.this, text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            listener.onBinary(ReconnectingWebSocket.this, data);
        }

        @Override
        public void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
            listener.onFragment(ReconnectingWebSocket.this, type, data, last);
        }

        @Override
        public void onPing(WebSocket ws, ByteBuffer payload) {
            listener.onPing(ReconnectingWebSocket.this, payload);
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer payload) {
            listener.onPong(ReconnectingWebSocket.this, payload);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            listener.onError(ReconnectingWebSocket.this, error);
        }

        @Override
        public void onWritable(WebSocket ws) {
            listener.onWritable(ReconnectingWebSocket.this);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            boolean again = !closing && policy.reconnectsAfterClose(code) && policy.mayAttempt(1);
            synchronized (lock) {
                current = null;
                state = again ? ReadyState.CONNECTING : ReadyState.CLOSED;
            }
            listener.onClose(ReconnectingWebSocket.this, code, reason, clean);
            if (again) {
                retryLater(1);
            } else {
                failWaiting(new WebSocketClosedException("closed with " + code + "; not reconnecting"));
            }
        }
    }

    // ------------------------------------------------------------------ sends

    /** To the open connection, or, while there is none, failed or waiting as the policy says. */
    private CompletableFuture<Void> send(long bytes, java.util.function.Function<WebSocket, CompletableFuture<Void>> send) {
        synchronized (lock) {
            WebSocket ws = current;
            if (ws != null) {
                return send.apply(ws);
            }
            if (state == ReadyState.CLOSED || policy.whileDisconnected() == ReconnectPolicy.WhileDisconnected.FAIL) {
                return CompletableFuture.failedFuture(new WebSocketClosedException(state == ReadyState.CLOSED
                        ? "closed" : "disconnected; reconnecting"));
            }
            if (waitingBytes + bytes > policy.maxQueuedBytes()) {
                return CompletableFuture.failedFuture(new SendQueueFullException("while disconnected " + waitingBytes
                        + " bytes wait; a send of " + bytes + " would pass the bound of " + policy.maxQueuedBytes()));
            }
            CompletableFuture<Void> result = new CompletableFuture<>();
            waiting.add(new Waiting(bytes, send, result));
            waitingBytes += bytes;
            return result;
        }
    }

    /** To the open connection only: what cannot wait for another (fragments, pings). */
    private <T> CompletableFuture<T> now(java.util.function.Function<WebSocket, CompletableFuture<T>> call) {
        WebSocket ws = current;
        return ws != null ? call.apply(ws) : CompletableFuture.failedFuture(new WebSocketClosedException("disconnected"));
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        return sendText(text, true);
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text, boolean compress) {
        String copy = text.toString();
        return send(copy.length(), ws -> ws.sendText(copy, compress));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        return sendBinary(data, true);
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data, boolean compress) {
        ByteBuffer d = data.duplicate();
        return send(d.remaining(), ws -> ws.sendBinary(d, compress));
    }

    @Override
    public CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer data, boolean last) {
        return now(ws -> ws.sendFragment(type, data, last));
    }

    @Override
    public CompletableFuture<Void> sendTextFragment(CharSequence text, boolean last) {
        return now(ws -> ws.sendTextFragment(text, last));
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        return now(ws -> ws.ping(payload));
    }

    @Override
    public CompletableFuture<Duration> pingAndAwaitPong(ByteBuffer payload, Duration timeout) {
        return now(ws -> ws.pingAndAwaitPong(payload, timeout));
    }

    @Override
    public CompletableFuture<Void> pong(ByteBuffer payload) {
        return now(ws -> ws.pong(payload));
    }

    /** Closes the connection open now and stops reconnecting. */
    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        closing = true;
        WebSocket ws = current;
        if (ws != null) {
            return ws.close(code, reason);
        }
        state = ReadyState.CLOSED;
        WebSocketClosedException closed = new WebSocketClosedException("closed by the application");
        failWaiting(closed);
        first.completeExceptionally(closed); // no-op once a connection has opened
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void terminate() {
        closing = true;
        WebSocket ws = current;
        if (ws != null) {
            ws.terminate();
        } else {
            state = ReadyState.CLOSED;
            WebSocketClosedException closed = new WebSocketClosedException("terminated by the application");
            failWaiting(closed);
            first.completeExceptionally(closed);
        }
    }

    // ------------------------------------------------------------------ the connection open now

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public String subprotocol() {
        WebSocket ws = current;
        return ws == null ? null : ws.subprotocol();
    }

    @Override
    public List<ExtensionOffer> extensions() {
        WebSocket ws = current;
        return ws == null ? List.of() : ws.extensions();
    }

    @Override
    public boolean isSecure() {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public InetSocketAddress localAddress() {
        WebSocket ws = current;
        return ws == null ? null : ws.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        WebSocket ws = current;
        return ws == null ? null : ws.remoteAddress();
    }

    @Override
    public RequestHead handshakeRequest() {
        return connected().handshakeRequest();
    }

    @Override
    public ResponseHead handshakeResponse() {
        return connected().handshakeResponse();
    }

    private WebSocket connected() {
        WebSocket ws = current;
        if (ws == null) {
            throw new IllegalStateException("disconnected: no handshake to read until the connection is back");
        }
        return ws;
    }

    @Override
    public String path() {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    @Override
    public String query() {
        return uri.getRawQuery();
    }

    @Override
    public Duration roundTripTime() {
        WebSocket ws = current;
        return ws == null ? null : ws.roundTripTime();
    }

    @Override
    public Map<String, String> pathParameters() {
        return Map.of();
    }

    @Override
    public long bufferedAmount() {
        WebSocket ws = current;
        synchronized (lock) {
            return waitingBytes + (ws == null ? 0 : ws.bufferedAmount());
        }
    }

    @Override
    public boolean isWritable() {
        WebSocket ws = current;
        return ws != null && ws.isWritable();
    }

    @Override
    public void pauseReading() {
        WebSocket ws = current;
        if (ws != null) {
            ws.pauseReading();
        }
    }

    @Override
    public void resumeReading() {
        WebSocket ws = current;
        if (ws != null) {
            ws.resumeReading();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public void attachment(Object value) {
        this.attachment = value;
    }

    @Override
    public String toString() {
        return "ReconnectingWebSocket[" + uri + ", " + state + "]";
    }
}
