package dev.weft.stream;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * A WebSocket connection as a pair of blocking byte streams, as ws's
 * {@code createWebSocketStream} makes a Node duplex stream of one: {@link #input()} yields the
 * bytes of every message received (text as UTF-8) in order, and bytes written to
 * {@link #output()} go out as binary messages. Both sides keep the connection's backpressure:
 * a reader that falls behind stops the connection reading (TCP then slows the peer), and a
 * writer blocks while the connection is over its high watermark.
 *
 * <p>On a client, pass the stream as the listener and use it once the connect has completed:
 * <pre>{@code
 * WebSocketStream stream = WebSocketStream.create();
 * client.connect(uri, stream).get();
 * stream.output().write(bytes);
 * stream.output().flush();
 * stream.input().transferTo(System.out);
 * }</pre>
 * On a server, {@link #serving} makes an endpoint's listener that gives each connection a stream
 * of its own and runs a handler for it on an executor (never on the event loop: the streams block).
 *
 * <p>The input ends (-1) when the peer closes with 1000, 1001 or no code; after any other close
 * or a failure, reading throws an {@link IOException} saying why, once the queued bytes are read.
 */
public final class WebSocketStream implements WebSocketListener, AutoCloseable {
    /** Queued input past which the connection stops reading. */
    public static final int DEFAULT_INPUT_LIMIT = 1 << 20;
    /** Bytes gathered into each binary message sent. */
    public static final int DEFAULT_MESSAGE_SIZE = 16 * 1024;

    private volatile WebSocket socket;
    private final MessageInputStream input;
    private final MessageOutputStream output;

    private WebSocketStream(int inputLimit, int messageSize) {
        if (inputLimit < 1 || messageSize < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.input = new MessageInputStream(inputLimit, new MessageInputStream.FlowControl() {
            @Override
            public void pause() {
                openSocket().pauseReading();
            }

            @Override
            public void resume() {
                openSocket().resumeReading();
            }
        });
        this.output = new MessageOutputStream(this::openSocket, messageSize);
    }

    /**
     * A stream with the default limits: 1 MiB of queued input, 16 KiB messages.
     *
     * @return a new stream, not yet attached to a connection
     */
    public static WebSocketStream create() {
        return new WebSocketStream(DEFAULT_INPUT_LIMIT, DEFAULT_MESSAGE_SIZE);
    }

    /**
     * A stream with these limits.
     *
     * @param inputLimit  queued input bytes past which the connection stops reading
     * @param messageSize bytes gathered into each binary message sent
     * @return a new stream, not yet attached to a connection
     */
    public static WebSocketStream create(int inputLimit, int messageSize) {
        return new WebSocketStream(inputLimit, messageSize);
    }

    /**
     * A listener for a server endpoint that gives each connection its own stream (with the
     * default limits) and runs {@code handler} with it on {@code executor}; the connection is
     * closed (1000) when the handler returns, or with 1011 if it throws.
     *
     * @param executor where each connection's handler runs; the handler blocks on the stream, so a
     *     thread per connection (a virtual thread on Java 21)
     * @param handler the code that serves one connection through its stream
     * @return the listener to give the endpoint
     */
    public static WebSocketListener serving(Executor executor, StreamHandler handler) {
        return new StreamingListener(executor, handler);
    }

    /** Works with one connection's streams; may block. */
    @FunctionalInterface
    public interface StreamHandler {
        /**
         * Runs for one connection; the connection closes when this returns.
         *
         * @param stream the connection's stream
         * @throws Exception anything; the connection then closes with 1011
         */
        void handle(WebSocketStream stream) throws Exception;
    }

    /**
     * The bytes of every message received, in order.
     *
     * @return the input stream
     */
    public InputStream input() {
        return input;
    }

    /**
     * Bytes written here go out as binary messages (see {@link #DEFAULT_MESSAGE_SIZE}); flush to send a partial one.
     *
     * @return the output stream
     */
    public OutputStream output() {
        return output;
    }

    /**
     * The connection, once open; {@code null} before.
     *
     * @return the connection, or {@code null}
     */
    public @Nullable WebSocket socket() {
        return socket;
    }

    private WebSocket openSocket() {
        WebSocket ws = socket;
        if (ws == null) {
            throw new IllegalStateException("the connection is not open yet");
        }
        return ws;
    }

    /** Sends what the output has gathered and closes the connection with 1000. */
    @Override
    public void close() throws IOException {
        try {
            output.close();
        } finally {
            WebSocket ws = socket;
            if (ws != null) {
                ws.close(1000, "");
            }
        }
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
    }

    @Override
    public void onText(WebSocket ws, String text) {
        input.offer(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        // The buffer is the connection's only during this call.
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        input.offer(copy);
    }

    /** With message assembly turned off, each part's bytes go to the input as they come. */
    @Override
    public void onFragment(WebSocket ws, dev.weft.MessageType type, ByteBuffer data, boolean last) {
        onBinary(ws, data);
    }

    @Override
    public void onWritable(WebSocket ws) {
        output.writable();
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        output.end();
        boolean normal = clean && (code == 1000 || code == 1001 || code == 1005);
        input.end(normal ? null : new IOException("connection closed with " + code
                + (reason.isEmpty() ? "" : " (" + reason + ")") + (clean ? "" : ", not cleanly")));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        output.end();
        input.end(new IOException("connection failed: " + error.getMessage(), error));
    }
}
