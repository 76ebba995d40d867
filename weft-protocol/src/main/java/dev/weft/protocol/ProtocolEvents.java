package dev.weft.protocol;

import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.frame.Opcode;

import java.nio.ByteBuffer;

/**
 * What a {@link ProtocolConnection} reports to the layer above it. Every method has a default
 * that ignores the event. Buffers handed to these methods are lent for the duration of the
 * call unless the method says otherwise.
 */
public interface ProtocolEvents {
    /**
     * A whole text message, validated as UTF-8.
     *
     * @param text the message
     */
    default void onText(String text) {
    }

    /**
     * A whole binary message; the buffer is the receiver's to keep.
     *
     * @param data the message, from position 0 to its limit
     */
    default void onBinary(ByteBuffer data) {
    }

    /**
     * Part of a message, when messages are not assembled. Text arrives as UTF-8 bytes already
     * validated up to this point; a character may be split between two parts.
     *
     * @param type {@link Opcode#TEXT} or {@link Opcode#BINARY}: the type of the whole message
     * @param data the bytes, lent for the call
     * @param last whether this part ends the message
     */
    default void onFragment(Opcode type, ByteBuffer data, boolean last) {
    }

    /**
     * A ping arrived; the core has already queued the pong that answers it.
     *
     * @param payload the ping's payload, lent for the call
     */
    default void onPing(ByteBuffer payload) {
    }

    /**
     * A pong arrived, solicited or not.
     *
     * @param payload the pong's payload, lent for the call
     */
    default void onPong(ByteBuffer payload) {
    }

    /**
     * The peer's close frame arrived; the core has already queued its answer if one was due.
     *
     * @param status the code and reason the peer sent
     */
    default void onCloseReceived(CloseStatus status) {
    }

    /**
     * A message over the limits was dropped ({@link OversizedMessages#DISCARD}); the connection
     * goes on. Reported when the message is found too big; the rest of it is then skipped.
     *
     * @param type  text or binary
     * @param limit the message (or frame) limit it is over
     */
    default void onOversizedMessageDiscarded(Opcode type, long limit) {
    }

    /**
     * The peer broke the protocol; the core has queued a close frame with the error's code.
     *
     * @param error the rule broken and the close code sent
     */
    default void onFailure(ProtocolException error) {
    }
}
