package dev.weft.internal.transport;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;

/**
 * A {@link Link} over a non-blocking byte stream with readiness callbacks: the shape of a
 * servlet container's upgraded connection ({@code ServletInputStream} and
 * {@code ServletOutputStream} with their read and write listeners).
 *
 * <p>Reading follows the Servlet API's rule: the stream is read in its read callback, on the
 * stream's own thread, while it says it has bytes; each chunk is copied and handed to the loop.
 * No other thread looks at the input while a callback may be running, since a look from another
 * thread races the container's own dispatch (a "not ready" answer can hide data that the
 * container has just announced, and the connection stalls). When the link wants no more for now
 * (reading paused, or enough bytes already on their way to the loop), the
 * callback stops while the stream is still ready: no callback will come then, so the loop goes
 * on reading itself once it wants more.
 *
 * <p>Writing happens on the loop: output is queued and flushed once per loop turn while the
 * stream can take it; when it cannot, its write callback tells the loop to go on. As on TCP,
 * bytes a stage leaves unread are offered again, first, when reading resumes, and a link that
 * has said everything (its close frame is out) ends its output where the stream can, then
 * drains the peer's input until the peer ends or two seconds pass before it closes: closing
 * with input unread would reset the connection.
 */
public final class StreamLink extends QueuedLink {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    /** Bytes read and not yet handed to the stage past which reading stops for a while. */
    private static final int MAX_IN_FLIGHT = 64 * 1024;
    /** The most bytes one read takes from the stream. */
    private static final int READ_CHUNK = 16 * 1024;

    /** What a link needs of the stream; an adapter implements it over a container's streams. */
    public interface Stream {
        /**
         * Whether bytes can be read now without blocking; false arms the stream's call to
         * {@link StreamLink#readable()} for when they can.
         *
         * @return true if {@link #read} would not block
         */
        boolean isReadReady();

        /**
         * Reads what is there, without blocking (only called after {@link #isReadReady()}).
         *
         * @param into where the bytes go, from index 0
         * @return how many bytes were read, or -1 at the end of the stream
         * @throws IOException if the connection failed
         */
        int read(byte[] into) throws IOException;

        /**
         * Whether bytes can be written now without blocking; false arms the stream's call to
         * {@link StreamLink#writable()} for when they can.
         *
         * @return true if {@link #write} would not block
         */
        boolean isWriteReady();

        /**
         * Writes bytes, without blocking (only called after {@link #isWriteReady()}).
         *
         * @param bytes the buffer's bytes between its position and limit; the position is moved
         *              past what was taken (all of them, for a stream that buffers)
         * @throws IOException if the connection failed
         */
        void write(ByteBuffer bytes) throws IOException;

        /**
         * Pushes out what was written (called when the queue is empty and the stream is ready).
         *
         * @throws IOException if the connection failed
         */
        void flush() throws IOException;

        /** Closes the connection. */
        void close();

        /**
         * Ends this side's output (a FIN) and keeps the input open, if the stream can; by
         * default it cannot, and the peer learns the end from the close frame alone.
         */
        default void shutdownOutput() {
        }

        /**
         * Runs {@code read} with the stream's own processing of this connection held off: the
         * link reads from the loop only when it resumes after stopping for itself, and such a
         * read must not overlap the container dispatching the same connection on its threads.
         * By default nothing is held off.
         *
         * @param read the reading to do
         */
        default void exclusively(Runnable read) {
            read.run();
        }
    }

    /**
     * Where a stream's connection runs, as its owner (the container) knows it.
     *
     * @param secure whether the bytes travel encrypted between the peer and the stream's owner
     * @param local  this side's address, or {@code null} if unknown
     * @param remote the peer's address, or {@code null} if unknown
     */
    public record Addresses(boolean secure, @Nullable InetSocketAddress local, @Nullable InetSocketAddress remote) {
    }

    private final Stream stream;
    private final Addresses addresses;
    /** The queue's view of the stream as a channel: takes buffers while the stream is ready. */
    private final GatheringByteChannel sink = new StreamSink();
    /** Set on the loop, read by the reading thread. */
    private volatile boolean readPaused;
    /** Bytes read from the stream and not yet handed to the stage. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** One reader at a time: the stream's callback, or the loop resuming. */
    private final Object readLock = new Object();
    private final byte[] readChunk = new byte[READ_CHUNK];
    /**
     * Whether the last read stopped because the link wanted no more while the stream still had
     * bytes (guarded by {@link #readLock}): then no callback will come, and the loop reads on.
     */
    private boolean parked;
    private boolean closeWhenFlushed;
    /**
     * Set on the loop once everything is said: from then on input is read and dropped until the
     * peer ends its side or the linger time passes. Read by the reading thread.
     */
    private volatile boolean lingering;
    private Timer lingerTimer;

    /**
     * A link on {@code loop}; it reads nothing until {@link #start} runs.
     *
     * @param addresses where the stream's connection runs
     */
    public StreamLink(EventLoop loop, Stream stream, Addresses addresses) {
        super(loop);
        this.stream = stream;
        this.addresses = addresses;
    }

    /**
     * Starts with {@code first} as the stage. The stream makes the first read callback itself.
     * Loop thread.
     *
     * @param first the stage that hears the link's bytes
     */
    public void start(Link.Stage first) {
        this.stage = first;
        if (!nothingUnread()) {
            resumeReading(); // bytes that arrived before the session was open
        }
    }

    /**
     * The stream has bytes (its read listener was called): reads them on the calling thread,
     * while the stream has some and the link wants them, and hands them to the loop.
     */
    public void readable() {
        synchronized (readLock) {
            parked = false;
            while (true) {
                if (!wantsInput()) {
                    parked = !closed;
                    return;
                }
                int n;
                try {
                    if (!stream.isReadReady()) {
                        return; // the stream calls readable() again when there is more
                    }
                    n = stream.read(readChunk);
                } catch (IOException | RuntimeException e) {
                    failed(e);
                    return;
                }
                if (n < 0) {
                    ended();
                    return;
                }
                if (n > 0) {
                    ByteBuffer copy = ByteBuffer.wrap(java.util.Arrays.copyOf(readChunk, n));
                    inFlight.addAndGet(n);
                    loop.execute(() -> deliver(copy));
                }
            }
        }
    }

    private boolean wantsInput() {
        // Not held back by queued output, as on TCP (see TcpConnection's constructor): two peers
        // that each stopped reading while their output waited would wait for each other for good.
        return !closed && (lingering || !readPaused) && inFlight.get() < MAX_IN_FLIGHT;
    }

    /** Bytes read on the stream's thread reach the stage, in order, on the loop. */
    private void deliver(ByteBuffer bytes) {
        inFlight.addAndGet(-bytes.remaining());
        if (closed) {
            return;
        }
        if (lingering) {
            readOnIfParked(); // dropped: everything is said, the peer's input only has to be drained
            return;
        }
        if (!nothingUnread() || stage == null) {
            keepUnreadAndPause(bytes); // earlier bytes wait, or the session is not open yet: keep the order
            return;
        }
        stage.onBytes(bytes);
        if (bytes.hasRemaining() && !closed) {
            keepUnreadAndPause(bytes);
            return;
        }
        readOnIfParked();
    }

    /** The link wants input again: if the reader stopped for the link (not for the stream), read on. */
    private void readOnIfParked() {
        boolean resume;
        synchronized (readLock) {
            resume = parked && wantsInput();
        }
        if (resume) {
            // The container may be dispatching this connection right now (some re-arm reads after
            // every dispatch): read with its processing held off.
            stream.exclusively(this::readable);
        }
    }

    /** The stream can take bytes again (its write listener was called). Any thread. */
    public void writable() {
        loop.execute(this::flush);
    }

    /** The peer ended its side: no more bytes will come. Any thread. */
    public void ended() {
        loop.execute(() -> {
            if (lingering) {
                close(null);
            } else if (!closed && stage != null) {
                stage.onEof();
            }
        });
    }

    /**
     * The stream failed. Any thread.
     *
     * @param cause what the stream reported
     */
    public void failed(Throwable cause) {
        loop.execute(() -> close(cause));
    }

    private void keepUnreadAndPause(ByteBuffer buf) {
        keepUnread(buf);
        readPaused = true;
    }

    @Override
    public void flush() {
        dirty = false;
        if (closed) {
            return;
        }
        boolean empty;
        boolean drained = false;
        try {
            empty = writeTo(sink, this);
            if (empty && stream.isWriteReady()) {
                stream.flush();
                // A stream that could not push everything out says so, and calls back once it has.
                drained = stream.isWriteReady();
            }
        } catch (IOException | RuntimeException e) {
            close(e);
            return;
        }
        report(stage);
        if (closed) {
            return;
        }
        if (drained && closeWhenFlushed) {
            linger(); // the close frame (or the answer) is out, not only queued in the stream
        }
    }

    @Override
    public void pauseReading() {
        readPaused = true;
    }

    @Override
    public void resumeReading() {
        if (closed) {
            return;
        }
        readPaused = false;
        if (!offerUnread() && !closed) {
            readPaused = true;
            return;
        }
        readOnIfParked();
    }

    @Override
    public void closeWhenFlushed() {
        closeWhenFlushed = true;
        if (isEmpty() && !dirty) {
            linger();
        } else {
            markDirty();
        }
    }

    /**
     * Everything is said: ends the output where the stream can, then reads and drops the peer's
     * input until it ends its side, or for at most the linger time, and closes.
     */
    private void linger() {
        if (closed || lingering) {
            return;
        }
        lingering = true;
        dropUnread();
        try {
            stream.shutdownOutput();
        } catch (RuntimeException e) {
            close(e);
            return;
        }
        lingerTimer = loop.schedule(LINGER_NANOS, () -> close(null));
        readOnIfParked();
    }

    @Override
    public void abort() {
        close(null);
    }

    @Override
    public void close(@Nullable Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        try {
            stream.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing a stream", e);
        }
        if (!isEmpty()) {
            discard(cause != null ? cause : new ClosedChannelException(), this);
        }
        dropUnread();
        report(stage);
        stage.onClosed(cause);
    }

    @Override
    public boolean isSecure() {
        return addresses.secure();
    }

    @Override
    public @Nullable InetSocketAddress localAddress() {
        return addresses.local();
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
        return addresses.remote();
    }

    /** The write queue's channel: hands the stream buffers while it says it can take them. */
    private final class StreamSink implements GatheringByteChannel {
        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long taken = 0;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer b = srcs[i];
                while (b.hasRemaining()) {
                    if (!stream.isWriteReady()) {
                        return taken; // the stream calls writable() when it can take more
                    }
                    int before = b.remaining();
                    stream.write(b);
                    taken += before - b.remaining();
                }
            }
            return taken;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int before = src.remaining();
            while (src.hasRemaining() && stream.isWriteReady()) {
                stream.write(src);
            }
            return before - src.remaining();
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            // the link closes the stream
        }
    }
}
