package dev.weft;

import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.RequestHead;
import org.jspecify.annotations.Nullable;

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
 * flow control slows the peer down. weft does not stop reading by itself while output waits (two
 * endpoints doing so would wait for each other for good): a listener whose sends answer what it
 * reads, such as an echo, pauses reading while {@link #isWritable()} is false and resumes in
 * {@link WebSocketListener#onWritable}.
 */
public interface WebSocket {
    /**
     * Sends a text message.
     *
     * @param text the message
     * @return a future completing when the message is written to the socket, or failing if it
     *     cannot be
     * @throws IllegalArgumentException if the text has an unpaired surrogate
     */
    CompletableFuture<Void> sendText(CharSequence text);

    /**
     * Sends a binary message: the bytes between the buffer's position and limit.
     *
     * @param data the message's bytes; the buffer must not change until the future completes
     * @return a future completing when the message is written to the socket, or failing if it
     *     cannot be
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data);

    /**
     * Sends a binary message; {@code compress} false keeps a negotiated permessage-deflate from
     * compressing this one (already compressed data, or a secret next to attacker-chosen text).
     *
     * @param data the message's bytes; the buffer must not change until the future completes
     * @param compress false to send the message uncompressed
     * @return a future completing when the message is written to the socket, or failing if it
     *     cannot be
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data, boolean compress);

    /**
     * Sends a text message; {@code compress} false keeps a negotiated permessage-deflate from compressing this one.
     *
     * @param text the message
     * @param compress false to send the message uncompressed
     * @return a future completing when the message is written to the socket, or failing if it
     *     cannot be
     */
    CompletableFuture<Void> sendText(CharSequence text, boolean compress);

    /**
     * Sends a binary message.
     *
     * @param data the message's bytes; the array must not change until the future completes
     * @return a future completing when the message is written to the socket, or failing if it
     *     cannot be
     */
    default CompletableFuture<Void> sendBinary(byte[] data) {
        return sendBinary(ByteBuffer.wrap(data));
    }

    /**
     * Sends one part of a message produced piece by piece; {@code last} ends it. The first part
     * sets the type. Other messages wait until the last part is sent; pings and pongs do not.
     *
     * @param type text or binary (only the first part's counts)
     * @param data this part's bytes; the buffer must not change until the future completes
     * @param last whether this part ends the message
     * @return a future completing when this part is written
     */
    CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer data, boolean last);

    /**
     * Sends part of a text message, whole characters only.
     *
     * @param text this part of the message
     * @param last whether this part ends the message
     * @return a future completing when this part is written
     */
    CompletableFuture<Void> sendTextFragment(CharSequence text, boolean last);

    /**
     * Sends a ping with up to 125 bytes of payload.
     *
     * @param payload the ping's payload, at most 125 bytes
     * @return a future completing when the ping is written (not when the pong arrives)
     */
    CompletableFuture<Void> ping(ByteBuffer payload);

    /**
     * Sends a ping and completes when its pong arrives (faye's {@code ping(message, callback)}),
     * with the round trip. Pongs are matched by payload, oldest ping first; since a peer may
     * answer only the latest of several pings (RFC 6455 §5.5.3), a pong completes every ping
     * sent before the one it answers too, keepalive pings included. Give each ping its own
     * payload when several may be in flight.
     *
     * @param payload the ping's payload, at most 125 bytes
     * @param timeout how long to wait for the pong, on the connection's clock
     * @return the round trip; fails with {@link java.util.concurrent.TimeoutException} at the
     *     timeout, {@link WebSocketClosedException} if the connection closes first, or
     *     {@link SendQueueFullException} if the ping could not be queued
     * @throws IllegalArgumentException for a payload over 125 bytes
     */
    CompletableFuture<java.time.Duration> pingAndAwaitPong(ByteBuffer payload, java.time.Duration timeout);

    /**
     * Sends a pong (an unsolicited one is a one-way heartbeat).
     *
     * @param payload the pong's payload, at most 125 bytes
     * @return a future completing when the pong is written
     */
    CompletableFuture<Void> pong(ByteBuffer payload);

    /**
     * Starts the closing handshake with {@code code} and {@code reason}. The future completes
     * when the close frame is written; {@link WebSocketListener#onClose} reports the end. If the
     * peer does not answer within the close timeout, the connection is dropped.
     *
     * @param code the close code: 1000, 1001, 1003, 1007–1014 or 3000–4999
     * @param reason the reason, possibly empty
     * @return a future completing when the close frame is written
     * @throws IllegalArgumentException if the code may not be sent (RFC 6455 §7.4) or the reason is
     *     longer than 123 bytes of UTF-8
     */
    CompletableFuture<Void> close(int code, String reason);

    /**
     * Closes normally (1000) without a reason.
     *
     * @return a future completing when the close frame is written
     */
    default CompletableFuture<Void> close() {
        return close(1000, "");
    }

    /** Drops the TCP connection at once, without a close frame. The listener sees 1006. */
    void terminate();

    /**
     * Where the connection stands.
     *
     * @return the ready state
     */
    ReadyState readyState();

    /**
     * The negotiated subprotocol, or {@code null}.
     *
     * @return the subprotocol, or {@code null} if none was agreed
     */
    @Nullable String subprotocol();

    /**
     * The negotiated extensions, in order; empty if none.
     *
     * @return the extensions with their agreed parameters
     */
    List<ExtensionOffer> extensions();

    /**
     * Whether the connection's bytes travel over TLS between weft and the peer ({@code wss://}).
     *
     * @return true for a TLS connection
     */
    boolean isSecure();

    /**
     * This side's address.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * The peer's address (on a server, the TCP peer: a proxy if there is one).
     *
     * @return the remote address
     */
    InetSocketAddress remoteAddress();

    /**
     * The opening handshake's request: received (server) or sent (client). A client keeps it; a
     * server lets it go when {@link WebSocketListener#onOpen} returns, unless it was built with
     * {@code keepHandshakeRequests(true)}, because across many idle connections the requests
     * (a browser's is about a kilobyte) would outweigh everything else a connection keeps. Read
     * headers and cookies in onOpen or a handshake interceptor and keep what you need in
     * {@link #attachment(Object)}; {@link #path()} and {@link #query()} stay available.
     *
     * @return the request head
     * @throws IllegalStateException on a server after onOpen returned, when it keeps no requests
     */
    RequestHead handshakeRequest();

    /**
     * The server's 101 response to a client's opening handshake (ws's {@code upgrade} event):
     * status and headers, such as {@code Set-Cookie}. Readable in
     * {@link WebSocketListener#onOpen}; let go when onOpen returns (idle connections must not
     * carry it) unless the connection was made with
     * {@link dev.weft.client.ConnectOptions.Builder#keepHandshakeResponse(boolean)}.
     *
     * @return the response head
     * @throws IllegalStateException after onOpen returned, unless kept
     * @throws UnsupportedOperationException on a server connection (its handshake request is what it received)
     */
    dev.weft.protocol.http.ResponseHead handshakeResponse();

    /**
     * The handshake request's path, up to any {@code ?}, still percent-encoded; always available.
     *
     * @return the path
     */
    String path();

    /**
     * The handshake request's query, after the first {@code ?}, still percent-encoded, or {@code null}; always available.
     *
     * @return the query, or {@code null}
     */
    @Nullable String query();

    /**
     * The round-trip time measured by the last keepalive ping and its pong, or {@code null}
     * before one was measured (keepalive is on by default for clients, off for servers).
     *
     * @return the last round-trip time, or {@code null}
     */
    java.time.@Nullable Duration roundTripTime();

    /**
     * On a server, the values of the endpoint path's named segments ({@code /rooms/{room}}); empty otherwise.
     *
     * @return the values by segment name, possibly empty
     */
    Map<String, String> pathParameters();

    /**
     * Bytes queued and not yet written to the socket, including sends not yet encoded.
     *
     * @return the queued bytes
     */
    long bufferedAmount();

    /**
     * Whether {@link #bufferedAmount()} is below the high watermark.
     *
     * @return true while sends are not piling up
     */
    boolean isWritable();

    /** Stops reading from the socket after the current message; no more callbacks until resumed. */
    void pauseReading();

    /** Resumes reading after {@link #pauseReading()}. */
    void resumeReading();

    /**
     * The object the application attached, or {@code null}.
     *
     * @param <T> the type the caller expects; a wrong guess fails with {@link ClassCastException}
     *     where the value is used
     * @return the attached object, or {@code null}
     */
    <T> @Nullable T attachment();

    /**
     * Attaches any object to this connection, such as a user session.
     *
     * @param value the object, or {@code null} to detach
     */
    void attachment(@Nullable Object value);

    /**
     * Subscribes this connection to {@code topic}, so it receives what
     * {@link dev.weft.server.WebSocketServer#publish(String, String) WebSocketServer.publish}
     * sends there (and, with a cluster bus, what other servers publish). Safe from any thread; a
     * publish made after this call returns (on any thread that sees its return) reaches this
     * connection. Subscribing twice is subscribing once. Subscriptions end with the connection.
     * Server connections only.
     *
     * @param topic the topic's name, any string
     * @throws UnsupportedOperationException on a client connection
     */
    default void subscribe(String topic) {
        throw clientsHaveNoTopics();
    }

    /**
     * Ends this connection's subscription to {@code topic}, if it has one. Safe from any thread;
     * applied in order with this thread's earlier {@link #subscribe} calls.
     *
     * @param topic the topic's name
     * @throws UnsupportedOperationException on a client connection
     */
    default void unsubscribe(String topic) {
        throw clientsHaveNoTopics();
    }

    /**
     * The topics this connection subscribes to: exact on the connection's own loop (its listener
     * callbacks, unless the server runs them on an executor); from other threads, a snapshot
     * that may not yet show subscriptions still on their way.
     *
     * @return the topics' names, a snapshot
     * @throws UnsupportedOperationException on a client connection
     */
    default java.util.Set<String> topics() {
        throw clientsHaveNoTopics();
    }

    /** What the topic methods throw on a connection that has none (a client's). */
    private static UnsupportedOperationException clientsHaveNoTopics() {
        return new UnsupportedOperationException("topics belong to a server: a client connection cannot subscribe");
    }
}
