package dev.weft.protocol.extension;

import dev.weft.protocol.frame.Opcode;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;

/**
 * Encodes whole messages the same way for every connection that has it: the output depends on
 * the message alone, never on what a connection sent before. A server publishing one message
 * to many connections encodes it once per shared encoder instead of once per connection
 * (permessage-deflate shares one per level, threshold and window: each message is compressed
 * from a fresh context, which every peer's inflater takes, whether or not the server keeps its
 * context; one that does starts its next message afresh, told by
 * {@link Extension#sharedMessageSent()}). Connections with the same encoder (the same object)
 * may share its output. Safe from any thread.
 */
public interface SharedEncoder {
    /**
     * Encodes one whole message.
     *
     * @param type    text or binary
     * @param payload the message, between position and limit; left unchanged
     * @return the encoded payload, to be sent in one frame with {@link #rsv()} set; or null if
     *     this encoder sends the message as it is (below a size threshold, say)
     */
    @Nullable ByteBuffer encodeMessage(Opcode type, ByteBuffer payload);

    /**
     * The RSV bits an encoded message's frame carries.
     *
     * @return the bits, as a number 0–7
     */
    int rsv();
}
