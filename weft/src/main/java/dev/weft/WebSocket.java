package dev.weft;

import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.RequestHead;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection, server or client side.
 *
 * <p><b>Sending.</b> Every send method is safe from any thread; sends from one thread go out in
 * the order they were made. Each returns a future completed when the frame's bytes have left
 * the outgoing queue for the socket, or completed exceptionally with
 * {@link SendQueueFullException} (the queue is at its hard cap; the connection stays up),
 * {@link WebSocketClosedException} (closing or closed) or {@link IllegalStateException} (a
 * fragmented message is still open). A buffer given to a send must not be changed until its
 * future completes; its position and limit are left alone.
 *
 * <p><b>Backpressure.</b> {@link #bufferedAmount()} counts queued bytes; {@link #isWritable()}
 * turns false above the high watermark and {@link WebSocketListener#onWritable} fires when the
 * queue drains below the low one. {@link #pauseReading()} stops reading from the socket, so TCP
 * flow control slows the peer down.
 */
public interface WebSocket {
    /** Sends a text message. @throws IllegalArgumentException if the text has an unpaired surrogate */
    CompletableFuture<Void> sendText(CharSequence text);

    /** Sends a binary message: the bytes between the buffer's position and limit. */
    CompletableFuture<Void> sendBinary(ByteBuffer data);

    /**
     * Sends a binary message; {@code compress} false keeps a negotiated permessage-deflate from
     * compressing this one (already compressed data, or a secret next to attacker-chosen text).
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data, boolean compress);

    /** Sends a text message; {@code compress} false keeps a negotiated permessage-deflate from compressing this one. */
    CompletableFuture<Void> sendText(CharSequence text, boolean compress);

    /** Sends a binary message. */
    default CompletableFuture<Void> sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data));
    }

    /**
     * Sends one part of a message produced piece by piece; {@code last} ends it. The first part
     * sets the type. Other messages wait until the last part is sent; pings and pongs do not.
     */
    CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer data, boolean last);

    /** Sends part of a text message, whole characters only. */
    CompletableFuture<Void> sendTextFragment(CharSequence text, boolean last);

    /** Sends a ping with up to 125 bytes of payload. */
    CompletableFuture<Void> ping(ByteBuffer payload);

    /** Sends a pong (an unsolicited one is a one-way heartbeat). */
    CompletableFuture<Void> pong(ByteBuffer payload);

    /**
     * Starts the closing handshake with {@code code} and {@code reason}. The future completes
     * when the close frame is written; {@link WebSocketListener#onClose} reports the end. If the
     * peer does not answer within the close timeout, the connection is dropped.
     *
     * @throws IllegalArgumentException if the code may not be sent (RFC 6455 §7.4) or the
     *                                  reason is longer than 123 bytes of UTF-8
     */
    CompletableFuture<Void> close(int code, String reason);

    /** Closes normally (1000) without a reason. */
    default CompletableFuture<Void> close() {
        return close(1000, "");
    }

    /** Drops the TCP connection at once, without a close frame. The listener sees 1006. */
    void terminate();

    /** Where the connection stands. */
    ReadyState readyState();

    /** The negotiated subprotocol, or {@code null}. */
    String subprotocol();

    /** The negotiated extensions, in order; empty if none. */
    List<ExtensionOffer> extensions();

    /** This side's address. */
    InetSocketAddress localAddress();

    /** The peer's address (on a server, the TCP peer: a proxy if there is one). */
    InetSocketAddress remoteAddress();

    /**
     * The opening handshake's request: received (server) or sent (client). A client keeps it; a
     * server lets it go when {@link WebSocketListener#onOpen} returns, unless it was built with
     * {@code keepHandshakeRequests(true)}, because across many idle connections the requests
     * (a browser's is about a kilobyte) would outweigh everything else a connection keeps. Read
     * headers and cookies in onOpen or a handshake interceptor and keep what you need in
     * {@link #attachment(Object)}; {@link #path()} and {@link #query()} stay available.
     *
     * @throws IllegalStateException on a server after onOpen returned, when it keeps no requests
     */
    RequestHead handshakeRequest();

    /** The handshake request's path, up to any {@code ?}, still percent-encoded; always available. */
    String path();

    /** The handshake request's query, after the first {@code ?}, still percent-encoded, or {@code null}; always available. */
    String query();

    /**
     * The round-trip time measured by the last keepalive ping and its pong, or {@code null}
     * before one was measured (keepalive is on by default for clients, off for servers).
     */
    java.time.Duration roundTripTime();

    /** On a server, the values of the endpoint path's named segments ({@code /rooms/{room}}); empty otherwise. */
    Map<String, String> pathParameters();

    /** Bytes queued and not yet written to the socket, including sends not yet encoded. */
    long bufferedAmount();

    /** Whether {@link #bufferedAmount()} is below the high watermark. */
    boolean isWritable();

    /** Stops reading from the socket after the current message; no more callbacks until resumed. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. */
    void resumeReading();

    /** The object the application attached, or {@code null}. */
    <T> T attachment();

    /** Attaches any object to this connection, such as a user session. */
    void attachment(Object value);
}
