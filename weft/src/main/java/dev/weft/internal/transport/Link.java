package dev.weft.internal.transport;

import org.jspecify.annotations.Nullable;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A duplex byte link that a connection's stages speak over: TCP on an event loop (with or
 * without TLS between) today, and any other transport that can give the same guarantees, such
 * as a servlet container's upgraded streams. Reads arrive as {@link Stage#onBytes} calls;
 * writes are queued and flushed once per loop turn, each send's future completed when its last
 * byte is written; reading can be paused so the peer is slowed by its transport's flow control.
 *
 * <p>Everything here runs on the link's {@link #loop()} thread: the stage is called there, and
 * calls the link there. Work from other threads is handed to the loop first.
 */
public interface Link {
    /** What the link's bytes mean at this point of the connection's life. */
    interface Stage {
        /**
         * Bytes arrived; leave unread what cannot be used yet (it is offered again, first, when
         * reading resumes).
         *
         * @param in the bytes between its position and limit, lent for the call
         */
        void onBytes(ByteBuffer in);

        /**
         * Where the next bytes may be read straight into instead of the loop's read buffer, or
         * null (the usual answer): see {@link dev.weft.protocol.WireProtocol#inPlaceReadTarget}.
         *
         * @return a buffer whose position to limit the next read may fill, or null
         */
        default @Nullable ByteBuffer readTarget() {
            return null;
        }

        /**
         * {@code n} bytes were read into the buffer {@link #readTarget} gave, ending at its position.
         *
         * @param target that buffer
         * @param n      how many bytes the read put there
         */
        default void onBytesInPlace(ByteBuffer target, int n) {
            throw new IllegalStateException("no read target was offered");
        }

        /** The peer closed its side. */
        void onEof();

        /**
         * The link is closed. Called once.
         *
         * @param cause why, or {@code null} for a normal close
         */
        void onClosed(@Nullable Throwable cause);

        /**
         * Sends whose bytes were written or dropped since the stage last heard.
         *
         * @param own    their own charges
         * @param shared their charges for frames shared with other connections (a broadcast, counted once elsewhere)
         * @param held   what their own held against the outbound memory budget
         */
        default void onWritten(long own, long shared, long held) {
        }
    }

    /**
     * The loop the link lives on: its thread, timers, clock and buffers.
     *
     * @return the loop
     */
    EventLoop loop();

    /**
     * Hands the link's bytes to {@code next} from now on.
     *
     * @param next the stage that takes over
     */
    void stage(Stage next);

    /**
     * Queues bytes to write.
     *
     * @param buffer   the bytes between its position and limit, not to be changed until written
     * @param fromPool whether the buffer goes back to the loop's pool once written
     */
    void write(ByteBuffer buffer, boolean fromPool);

    /**
     * A mark to pass to {@link #attachToLast} after queuing a send's buffers.
     *
     * @return the mark
     */
    int writeMark();

    /**
     * Ties a send's future and charges to the last buffer queued since {@code mark}; completes it
     * at once if nothing was queued.
     *
     * @param mark   what {@link #writeMark()} returned before the send was queued
     * @param future completed when the bytes are written, failed if they never will be
     * @param charge what the send counts against the connection's queue
     * @param held   what it holds against the outbound memory budget
     */
    void attachToLast(int mark, CompletableFuture<Void> future, long charge, long held);

    /**
     * Bytes queued and not yet written.
     *
     * @return the count
     */
    long queuedBytes();

    /** Stops reading, so the transport's flow control slows the peer. */
    void pauseReading();

    /** Resumes reading, first offering the stage what it left unread. */
    void resumeReading();

    /** Closes once everything queued is written (after a close frame, or an HTTP answer). */
    void closeWhenFlushed();

    /**
     * Closes once everything queued is written, once the peer's close frame has arrived: having
     * sent it, the peer sends nothing more, so there is no input left to wait for and the
     * connection may close outright rather than linger.
     */
    default void closeWhenFlushedAfterPeer() {
        closeWhenFlushed();
    }

    /** Closes at once, dropping queued output: for a peer that is not to be spoken to again. */
    void abort();

    /**
     * Closes now, dropping queued output; the stage hears {@link Stage#onClosed} once.
     *
     * @param cause why, or {@code null} for a normal close
     */
    void close(@Nullable Throwable cause);

    /**
     * Whether the link is closed.
     *
     * @return true once closed
     */
    boolean isClosed();

    /**
     * Whether the bytes travel encrypted (TLS here, or TLS the container terminated).
     *
     * @return true for a secure link
     */
    boolean isSecure();

    /**
     * This side's address.
     *
     * @return the address, or {@code null} if it cannot be known any more
     */
    @Nullable InetSocketAddress localAddress();

    /**
     * The peer's address.
     *
     * @return the address, or {@code null} if it cannot be known any more
     */
    @Nullable InetSocketAddress remoteAddress();
}
