package dev.weft.flow;

import dev.weft.MessageType;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One whole WebSocket message: text, or binary data.
 *
 * @param type text or binary
 * @param text the text of a text message, {@code null} for binary
 * @param data the bytes of a binary message (the receiver's own, not shared), {@code null} for text
 */
public record Message(MessageType type, @Nullable String text, @Nullable ByteBuffer data) {
    /**
     * Checks that the message is one or the other.
     *
     * @param type text or binary
     * @param text the text, for a text message only
     * @param data the bytes, for a binary message only
     */
    public Message {
        Objects.requireNonNull(type, "type");
        if (type == MessageType.TEXT ? text == null || data != null : data == null || text != null) {
            throw new IllegalArgumentException("a " + type + " message carries " + (type == MessageType.TEXT ? "text" : "data")
                    + " only");
        }
    }

    /**
     * A text message.
     *
     * @param text the text
     * @return the message
     */
    public static Message text(String text) {
        return new Message(MessageType.TEXT, Objects.requireNonNull(text, "text"), null);
    }

    /**
     * A binary message.
     *
     * @param data the bytes between its position and limit
     * @return the message
     */
    public static Message binary(ByteBuffer data) {
        return new Message(MessageType.BINARY, null, Objects.requireNonNull(data, "data"));
    }
}
