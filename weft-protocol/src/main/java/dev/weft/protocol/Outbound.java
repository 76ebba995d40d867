package dev.weft.protocol;

import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;

/**
 * The core's only way to reach the wire. The transport implements it: it queues what it is
 * given, in order, and writes it when the socket can take it.
 */
public interface Outbound {
    /**
     * Queues one frame.
     *
     * @param frame   the frame's header, and for small or masked frames its whole payload too,
     *                between position and limit; it came from the connection's
     *                {@link BufferPool}, and the transport releases it once written; or
     *                {@code null} when {@code payload} is a whole frame encoded elsewhere
     * @param payload the rest of the frame, written right after {@code frame} (ideally in the
     *                same gathering write), or {@code null}; it belongs to the sender and is
     *                neither modified nor released, only read between its position and limit
     */
    void write(@Nullable ByteBuffer frame, @Nullable ByteBuffer payload);

    /**
     * Queues the pong that answers a ping (the core's own answer, RFC 6455 §5.5.2), a frame from
     * the connection's {@link BufferPool} like the ones given to {@link #write}. A transport may
     * hold it back while enough answers to earlier pings are still unwritten, keeping only the
     * latest (§5.5.3 lets an endpoint answer only the most recent ping), so that a peer that pings
     * without reading cannot grow the queue; by default it is queued like any frame.
     *
     * @param frame the whole pong frame, between position and limit, released once written (or dropped)
     */
    default void writePingAnswer(ByteBuffer frame) {
        write(frame, null);
    }

    /**
     * Queues one frame whose payload the transport takes over: a buffer from the connection's
     * {@link BufferPool#acquireDirect}, released to that pool once written (a binary message the
     * core lent to a listener, which sent it on).
     *
     * @param frame   the frame's header, from the pool, released once written
     * @param payload the frame's payload, from the pool, released once written
     */
    default void writeTakingOver(ByteBuffer frame, ByteBuffer payload) {
        write(frame, payload); // the payload is then left to the collector: never used twice
    }

    /**
     * The core is finished with the connection: write what is queued, then close the TCP
     * connection. Called by a server once the close handshake completes or the connection
     * fails (RFC 6455 §7.1.1: the server closes the TCP connection first).
     */
    void closeTransport();
}
