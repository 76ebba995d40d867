package dev.weft;

import java.nio.ByteBuffer;

/**
 * Receives what happens on WebSocket connections. One listener may serve many connections;
 * each call says which. Every method has a default that does nothing.
 *
 * <p><b>Threading.</b> Calls for one connection never overlap and arrive in order. They run on
 * the connection's event-loop thread unless the {@link WebSocketConfig} names an executor; on
 * the loop thread a listener must not block, since every connection of that loop waits for
 * it. Sending from a callback is always safe.
 *
 * <p><b>Buffers.</b> The buffers of {@link #onBinary} are the listener's to keep. Those of
 * {@link #onPing}, {@link #onPong} and {@link #onFragment} are lent for the call when callbacks
 * run on the loop, and copied for the listener when they run on an executor.
 */
public interface WebSocketListener {
    /**
     * The opening handshake succeeded; the connection is {@link ReadyState#OPEN}.
     *
     * @param socket the connection
     */
    default void onOpen(WebSocket socket) {
    }

    /**
     * A whole text message arrived (valid UTF-8, within the size limit).
     *
     * @param socket the connection
     * @param text the message
     */
    default void onText(WebSocket socket, String text) {
    }

    /**
     * A whole binary message arrived.
     *
     * @param socket the connection
     * @param data the message, from position 0 to its limit; the listener may keep it
     */
    default void onBinary(WebSocket socket, ByteBuffer data) {
    }

    /**
     * Part of a message arrived, when the configuration turns message assembly off
     * ({@link WebSocketConfig.Builder#assembleFragments(boolean)}).
     *
     * @param socket the connection
     * @param type the message's type, given with every part
     * @param data the part's bytes, lent for the call
     * @param last whether this part ends the message
     */
    default void onFragment(WebSocket socket, MessageType type, ByteBuffer data, boolean last) {
    }

    /**
     * A ping arrived. weft has already queued the pong that answers it.
     *
     * @param socket the connection
     * @param payload the ping's payload, lent for the call
     */
    default void onPing(WebSocket socket, ByteBuffer payload) {
    }

    /**
     * A pong arrived.
     *
     * @param socket the connection
     * @param payload the pong's payload, lent for the call
     */
    default void onPong(WebSocket socket, ByteBuffer payload) {
    }

    /**
     * The connection is closed: called exactly once per opened connection, last.
     *
     * @param socket the connection
     * @param code   the code from the peer's close frame; 1005 if its frame had no code; the code
     *     weft sent if weft failed the connection for a protocol error; 1006 if the connection
     *     ended without a close frame
     * @param reason the peer's reason, or empty
     * @param clean  whether both close frames were exchanged before TCP closed
     */
    default void onClose(WebSocket socket, int code, String reason, boolean clean) {
    }

    /**
     * Something went wrong: the peer broke the protocol (a {@code ProtocolException}, and the
     * connection is failing with its close code), the network failed, or a listener method
     * threw (the connection fails with 1011). {@link #onClose} follows.
     *
     * @param socket the connection
     * @param error what went wrong
     */
    default void onError(WebSocket socket, Throwable error) {
    }

    /**
     * The outgoing queue drained below the low watermark after it had passed the high one.
     *
     * @param socket the connection
     */
    default void onWritable(WebSocket socket) {
    }
}
