package dev.weft.protocol.frame;

import dev.weft.protocol.ProtocolException;

import java.nio.ByteBuffer;

/** Receives what a {@link FrameParser} finds, frame by frame. */
public interface FrameSink {
    /**
     * A frame header arrived and passed every check that needs only the header.
     *
     * @param fin    whether this frame ends its message
     * @param rsv    the three reserved bits as a number 0–7 (RSV1 is 4, RSV2 is 2, RSV3 is 1)
     * @param opcode the opcode, never a reserved one
     * @param length the payload length in bytes
     * @throws ProtocolException to fail the connection, for example when a limit is exceeded
     */
    void frameStart(boolean fin, int rsv, Opcode opcode, long length) throws ProtocolException;

    /**
     * A data frame header whose length is over the frame limit arrived, and the parser was told
     * to let such frames through ({@link dev.weft.protocol.OversizedMessages#DISCARD}): its
     * payload follows through {@link #framePayload} as any frame's does. The default fails the
     * connection (1009), as the parser does when not told.
     *
     * @param fin    whether this frame ends its message
     * @param rsv    the three reserved bits as a number 0–7
     * @param opcode the opcode: text, binary or continuation
     * @param length the payload length in bytes
     * @param limit  the limit it is over
     * @throws ProtocolException to fail the connection
     */
    default void oversizedFrameStart(boolean fin, int rsv, Opcode opcode, long length, long limit)
            throws ProtocolException {
        throw FrameParser.frameTooBig(length, limit);
    }

    /**
     * Some of the current frame's payload, already unmasked, between the buffer's position and
     * limit. Called at least once per frame (with no bytes for an empty frame), the last time
     * with {@code endOfFrame} set. The buffer is the parser's input, lent for the duration of
     * the call: read it, do not keep it. Its position need not be moved.
     *
     * @param payload the bytes, lent for the call
     * @param endOfFrame whether the frame's payload ends with these bytes
     * @throws ProtocolException if the payload breaks the protocol (for example invalid UTF-8 in a
     *     text message): parsing stops and the connection fails
     */
    void framePayload(ByteBuffer payload, boolean endOfFrame) throws ProtocolException;
}
