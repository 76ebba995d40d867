package dev.weft.protocol;

import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.frame.Opcode;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;

/**
 * What the layer above (a transport's session) asks of the protocol a connection speaks: RFC
 * 6455's {@link ProtocolConnection}, or the legacy drafts' {@link dev.weft.protocol.internal.legacy.LegacyConnection}.
 * Events go up through {@link ProtocolEvents}, bytes down through {@link Outbound}. Not
 * thread-safe: one thread (the connection's event loop) drives it. An operation a protocol
 * cannot carry (binary messages or pings on a legacy draft) throws
 * {@link UnsupportedOperationException}.
 */
public interface WireProtocol {
    /**
     * Parses the bytes between {@code in}'s position and limit; all are consumed unless reading
     * was paused during the call, when the position marks the first byte not yet parsed.
     *
     * @param in the bytes read, lent for the call
     */
    void receive(ByteBuffer in);

    /** The peer closed its side of the TCP connection. */
    void receiveEof();

    /** Stops parsing after the current event; the rest of the input stays unread. */
    void pauseReading();

    /** Allows parsing again; the transport offers the unread input once more. */
    void resumeReading();

    /**
     * Whether the application paused reading.
     *
     * @return true while reading is paused
     */
    boolean isReadingPaused();

    /**
     * Whether parsing stopped for want of memory (see {@link MemoryBudget}); a protocol that
     * takes none never does.
     *
     * @return true while parsing waits for memory
     */
    default boolean isWaitingForMemory() {
        return false;
    }

    /**
     * Tries again after memory was given back; true once input may be offered again.
     *
     * @return true once nothing is held back; false if memory was refused again
     */
    default boolean retryAfterMemory() {
        return true;
    }

    /**
     * Sends a text message whose UTF-8 encoding is {@code utf8Length} bytes.
     *
     * @param text the message
     * @param utf8Length the length of its UTF-8 encoding, in bytes
     * @param compress false to keep extensions from encoding this message
     */
    void sendText(CharSequence text, int utf8Length, boolean compress);

    /**
     * Sends a binary message.
     *
     * @param data the bytes between its position and limit, read until they are written
     * @param compress false to keep extensions from encoding this message
     */
    void sendBinary(ByteBuffer data, boolean compress);

    /**
     * What a listener sending {@code data} means for the binary message being lent to it
     * ({@link ProtocolConnection.Builder#lendBinaryMessages}). Loop thread only.
     *
     * @param data a buffer a listener is sending, whole or as a fragment
     * @return {@link LentUse#TAKEN} if it is the lent message's buffer itself, sent for the first
     *     time: it is now the caller's to pass to {@link #sendLentBinary} and no longer goes back
     *     to the pool when the listener returns; {@link LentUse#MUST_COPY} if a message is being
     *     lent and {@code data} is any other direct buffer (a slice or duplicate of the lent one,
     *     or the lent one sent again, would be recycled while still queued): send a copy;
     *     {@link LentUse#NOT_LENT} otherwise
     */
    default LentUse useLent(ByteBuffer data) {
        return LentUse.NOT_LENT;
    }

    /**
     * Where the transport may read the next bytes straight into instead of its read buffer: the
     * rest of a large lent binary message's payload, in the message's own direct buffer (the
     * copy from the read buffer saved). Null when the next bytes must go through
     * {@link #receive}.
     *
     * @return a buffer whose position to limit the next bytes may fill, or null
     */
    default ByteBuffer inPlaceReadTarget() {
        return null;
    }

    /**
     * The transport read {@code n} bytes into the buffer {@link #inPlaceReadTarget} gave, ending at
     * its position.
     *
     * @param target the buffer from {@link #inPlaceReadTarget}
     * @param n      how many bytes the read put there
     */
    default void receivedInPlace(ByteBuffer target, int n) {
        throw new IllegalStateException("no in-place read was offered");
    }

    /** How a buffer being sent relates to a lent message: see {@link #useLent}. */
    enum LentUse {
        /** Nothing is being lent, or the buffer cannot share its memory: send it as it is. */
        NOT_LENT,
        /** The lent message's buffer, now taken over by the send. */
        TAKEN,
        /** A direct buffer sent while a message is lent: it may share the lent memory, so send a copy. */
        MUST_COPY
    }

    /**
     * Sends a binary message in a lent buffer taken by {@link #useLent}: written
     * straight from it where it can be, then released to the pool; copied and released at once
     * where it cannot (compressed, masked, fragmented or small).
     *
     * @param data the taken buffer (or a duplicate of it), the message between position and limit
     * @param compress false to keep extensions from encoding this message
     */
    default void sendLentBinary(ByteBuffer data, boolean compress) {
        sendBinary(data, compress);
    }

    /**
     * Sends one part of a fragmented message.
     *
     * @param type the message's type, text or binary, given with every fragment
     * @param data the fragment's bytes between its position and limit
     * @param last whether this fragment ends the message
     */
    void sendFragment(Opcode type, ByteBuffer data, boolean last);

    /**
     * Sends one part of a fragmented text message whose UTF-8 encoding is {@code utf8Length} bytes.
     *
     * @param text the fragment, whole characters only
     * @param utf8Length the length of its UTF-8 encoding, in bytes
     * @param last whether this fragment ends the message
     */
    void sendTextFragment(CharSequence text, int utf8Length, boolean last);

    /**
     * Sends a message already encoded as one unmasked, uncompressed RFC 6455 frame, shared
     * between connections (a broadcast); a protocol with other framing re-frames its payload.
     *
     * @param frame the encoded frame, between its position and limit; shared, so read it without
     *     moving its position
     */
    void sendEncoded(ByteBuffer frame);

    /**
     * The encoder this connection shares with others for whole messages (see
     * {@link dev.weft.protocol.extension.SharedEncoder}): a frame it encoded may be sent here with
     * {@link #sendEncoded}.
     *
     * @return the shared encoder, or null if this connection's messages go out as they are or
     *     are encoded with state of its own
     */
    default dev.weft.protocol.extension.@org.jspecify.annotations.Nullable SharedEncoder sharedEncoder() {
        return null;
    }

    /**
     * Sends a ping.
     *
     * @param data the ping's payload, at most 125 bytes
     */
    void ping(ByteBuffer data);

    /**
     * Sends an unsolicited pong.
     *
     * @param data the pong's payload, at most 125 bytes
     */
    void pong(ByteBuffer data);

    /**
     * Starts closing with {@code code} and {@code reason}.
     *
     * @param code the close code, valid on the wire
     * @param reason the reason, at most 123 bytes in UTF-8
     */
    void close(int code, String reason);

    /**
     * Fails the connection for a reason of the application's (such as 1011).
     *
     * @param code the close code to send
     */
    void fail(int code);

    /**
     * Where closing stands.
     *
     * @return the close handshake's state
     */
    CloseHandshake state();

    /**
     * Whether the transport should expect the TCP connection to close soon and arm its close timer.
     *
     * @return true once a close frame has been both sent and received, or the connection failed
     */
    boolean closeExpected();

    /**
     * The close this side sent, or {@code null}.
     *
     * @return the status sent, or {@code null} if none was
     */
    @Nullable CloseStatus closeSent();

    /**
     * The close the peer sent, or {@code null}.
     *
     * @return the status received, or {@code null} if none was
     */
    @Nullable CloseStatus closeReceived();

    /**
     * Whether the connection closed cleanly.
     *
     * @return true if close frames went both ways before the connection ended
     */
    boolean isCleanClose();

    /** Releases what the connection holds (zlib contexts); called once the connection is gone. */
    void release();

    /**
     * The role this side plays.
     *
     * @return {@link Role#SERVER} or {@link Role#CLIENT}
     */
    Role role();
}
