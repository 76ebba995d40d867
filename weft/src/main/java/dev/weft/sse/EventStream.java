package dev.weft.sse;

import dev.weft.ReadyState;
import dev.weft.protocol.http.RequestHead;
import org.jspecify.annotations.Nullable;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One open {@code text/event-stream} response: a browser's {@code EventSource} (or any client of
 * the format) listening to the server. Sends behave as a WebSocket's do: safe from any thread, in
 * order, each future completed once its bytes are written; {@link #bufferedAmount()} and
 * {@link #isWritable()} follow the endpoint's watermarks, and a send past the hard cap fails
 * with {@link dev.weft.SendQueueFullException} and leaves the stream open. Topics published
 * with {@link dev.weft.server.WebSocketServer#publish(String, String)} reach the streams
 * subscribed to them as {@code message} events (binary messages are not sent to streams, and
 * count as skipped).
 */
public interface EventStream {
    /**
     * Sends an event.
     *
     * @param event the event
     * @return completes when written; fails if the stream closed first or its queue is full
     */
    CompletableFuture<Void> send(ServerSentEvent event);

    /**
     * Sends a {@code message} event with this data.
     *
     * @param data the data, possibly several lines
     * @return as {@link #send(ServerSentEvent)}
     */
    default CompletableFuture<Void> send(String data) {
        return send(ServerSentEvent.of(data));
    }

    /**
     * Sends a comment, which clients ignore (the endpoint's keepalive sends one on an idle stream).
     *
     * @param text the comment
     * @return as {@link #send(ServerSentEvent)}
     */
    CompletableFuture<Void> comment(String text);

    /**
     * The id of the last event the client saw before it reconnected ({@code Last-Event-ID}), so
     * the application can send what it missed.
     *
     * @return the id, or {@code null} on a first connection
     */
    @Nullable String lastEventId();

    /**
     * The request that opened the stream, kept for the stream's life (one per stream; an
     * event stream is not the idle-at-scale case a WebSocket server's connections are).
     *
     * @return the request head
     */
    RequestHead request();

    /**
     * The values of the endpoint path's named segments, such as {@code room} for {@code /rooms/{room}/events}.
     *
     * @return the values by segment name
     */
    Map<String, String> pathParameters();

    /**
     * What the endpoint's interceptor attached when it accepted the request.
     *
     * @param <T> the attachment's type
     * @return the attachment, or {@code null}
     */
    <T> @Nullable T attachment();

    /**
     * {@link ReadyState#OPEN} until the stream ends, then {@link ReadyState#CLOSED}.
     *
     * @return the state
     */
    ReadyState readyState();

    /**
     * Bytes sent and not yet written to the socket.
     *
     * @return the count
     */
    long bufferedAmount();

    /**
     * Whether sends are below the high watermark (or back below the low one).
     *
     * @return true if the stream keeps up
     */
    boolean isWritable();

    /**
     * The client's address.
     *
     * @return the address, or {@code null} once closed
     */
    @Nullable InetSocketAddress remoteAddress();

    /**
     * Ends the response once what was sent is written. A browser reconnects after its retry
     * delay unless its page closes the {@code EventSource}; to stop it for good, answer its next
     * request with 204 (an interceptor's {@code reject(204, ...)}).
     */
    void close();

    /**
     * Subscribes the stream to a topic: what is published there arrives as {@code message} events.
     *
     * @param topic the topic
     */
    void subscribe(String topic);

    /**
     * Ends a subscription.
     *
     * @param topic the topic
     */
    void unsubscribe(String topic);

    /**
     * The topics the stream is subscribed to.
     *
     * @return the names, a snapshot
     */
    Set<String> topics();
}
