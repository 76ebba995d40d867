package dev.weft.protocol;

import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.frame.Opcode;

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
     */
    void receive(ByteBuffer in);

    /** The peer closed its side of the TCP connection. */
    void receiveEof();

    /** Stops parsing after the current event; the rest of the input stays unread. */
    void pauseReading();

    /** Allows parsing again; the transport offers the unread input once more. */
    void resumeReading();

    /** Whether the application paused reading. */
    boolean isReadingPaused();

    /**
     * Whether parsing stopped for want of memory (see {@link MemoryBudget}); a protocol that
     * takes none never does.
     */
    default boolean isWaitingForMemory() {
        return false;
    }

    /** Tries again after memory was given back; true once input may be offered again. */
    default boolean retryAfterMemory() {
        return true;
    }

    /** Sends a text message whose UTF-8 encoding is {@code utf8Length} bytes. */
    void sendText(CharSequence text, int utf8Length, boolean compress);

    /** Sends a binary message. */
    void sendBinary(ByteBuffer data, boolean compress);

    /** Sends one part of a fragmented message. */
    void sendFragment(Opcode type, ByteBuffer data, boolean last);

    /** Sends one part of a fragmented text message whose UTF-8 encoding is {@code utf8Length} bytes. */
    void sendTextFragment(CharSequence text, int utf8Length, boolean last);

    /**
     * Sends a message already encoded as one unmasked, uncompressed RFC 6455 frame, shared
     * between connections (a broadcast); a protocol with other framing re-frames its payload.
     */
    void sendEncoded(ByteBuffer frame);

    /** Sends a ping. */
    void ping(ByteBuffer data);

    /** Sends an unsolicited pong. */
    void pong(ByteBuffer data);

    /** Starts closing with {@code code} and {@code reason}. */
    void close(int code, String reason);

    /** Fails the connection for a reason of the application's (such as 1011). */
    void fail(int code);

    /** Where closing stands. */
    CloseHandshake state();

    /** Whether the transport should expect the TCP connection to close soon and arm its close timer. */
    boolean closeExpected();

    /** The close this side sent, or {@code null}. */
    CloseStatus closeSent();

    /** The close the peer sent, or {@code null}. */
    CloseStatus closeReceived();

    /** Whether the connection closed cleanly. */
    boolean isCleanClose();

    /** Releases what the connection holds (zlib contexts); called once the connection is gone. */
    void release();

    /** The role this side plays. */
    Role role();
}
