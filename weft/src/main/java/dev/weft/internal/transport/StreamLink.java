package dev.weft.internal.transport;

import dev.weft.WebSocketConfig;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Link} over a non-blocking byte stream with readiness callbacks: the shape of a
 * servlet container's upgraded connection ({@code ServletInputStream} and
 * {@code ServletOutputStream} with their read and write listeners). Bytes are pulled while the
 * stream says it has some and pushed while it can take them; when it cannot, it calls back once
 * it can ({@link #readable()}, {@link #writable()}). Those calls come on the stream's threads and
 * only hand work to the loop: every touch of the stream itself happens on the link's loop, one
 * at a time, so the stream never sees two threads at once.
 *
 * <p>As on TCP, output is queued and flushed once per loop turn, reading stops while the
 * application paused it or output is backlogged past the high watermark, and bytes a stage
 * leaves unread are offered again, first, when reading resumes.
 */
public final class StreamLink implements Link, EventLoop.Flushable {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    /** Reads per pull before other connections get their turn. */
    private static final int READS_PER_TURN = 16;

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
         * Whether the bytes travel encrypted between the peer and the stream's owner.
         *
         * @return true for a secure connection
         */
        boolean isSecure();

        /**
         * This side's address.
         *
         * @return the address, or {@code null} if unknown
         */
        @Nullable InetSocketAddress localAddress();

        /**
         * The peer's address.
         *
         * @return the address, or {@code null} if unknown
         */
        @Nullable InetSocketAddress remoteAddress();
    }

    private final EventLoop loop;
    private final Stream stream;
    private final WebSocketConfig config;
    private final WriteQueue out;
    private final Settlement settlement = new Settlement();
    /** The queue's view of the stream as a channel: takes buffers while the stream is ready. */
    private final GatheringByteChannel sink = new StreamSink();
    private Link.Stage stage;
    private ByteBuffer unread;
    private boolean readPaused;
    private boolean outputBacklogged;
    private boolean dirty;
    private boolean closeWhenFlushed;
    private boolean closed;

    /**
     * A link on {@code loop}; it reads nothing until {@link #start} runs.
     *
     * @param config its watermarks govern when reading stops for backlogged output
     */
    public StreamLink(EventLoop loop, Stream stream, WebSocketConfig config) {
        this.loop = loop;
        this.stream = stream;
        this.config = config;
        this.out = new WriteQueue(loop.bufferPool, loop.writeScratch);
    }

    /**
     * Starts with {@code first} as the stage and reads what is there. Loop thread.
     *
     * @param first the stage that hears the link's bytes
     */
    public void start(Link.Stage first) {
        this.stage = first;
        pull();
    }

    /** The stream has bytes to read (its read listener was called). Any thread. */
    public void readable() {
        loop.execute(this::pull);
    }

    /** The stream can take bytes again (its write listener was called). Any thread. */
    public void writable() {
        loop.execute(this::flush);
    }

    /** The peer ended its side: no more bytes will come. Any thread. */
    public void ended() {
        loop.execute(() -> {
            if (!closed) {
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

    private void pull() {
        if (closed || readPaused || outputBacklogged || stage == null) {
            return;
        }
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < READS_PER_TURN && !readPaused && !closed; i++) {
            int n;
            try {
                if (!stream.isReadReady()) {
                    return; // the stream calls readable() when there is more
                }
                n = stream.read(buf.array());
            } catch (IOException | RuntimeException e) {
                close(e);
                return;
            }
            if (n < 0) {
                stage.onEof();
                return;
            }
            if (n == 0) {
                continue;
            }
            buf.clear().limit(n);
            stage.onBytes(buf);
            if (buf.hasRemaining() && !closed) {
                keepUnread(buf);
                return;
            }
            if (out.bytes() > config.highWatermark() && !closed) {
                outputBacklogged = true;
                return;
            }
        }
        if (!closed && !readPaused && !outputBacklogged) {
            loop.execute(this::pull); // more may be waiting: go on after the other connections' turn
        }
    }

    private void keepUnread(ByteBuffer buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.remaining() + (unread == null ? 0 : unread.remaining()));
        if (unread != null) {
            copy.put(unread);
        }
        copy.put(buf).flip();
        unread = copy;
        readPaused = true;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void stage(Link.Stage next) {
        this.stage = next;
    }

    @Override
    public void write(ByteBuffer buffer, boolean fromPool) {
        if (closed) {
            if (fromPool) {
                loop.bufferPool.release(buffer);
            }
            return;
        }
        out.add(buffer, fromPool);
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    @Override
    public int writeMark() {
        return out.count();
    }

    @Override
    public void attachToLast(int mark, CompletableFuture<Void> future, long charge, long held) {
        if (closed) {
            settlement.dropped(future, charge, held, new ClosedChannelException());
        } else if (!out.attachToLast(mark, future, charge, held)) {
            settlement.written(future, charge, held);
        }
        settlement.report(stage);
    }

    @Override
    public long queuedBytes() {
        return out.bytes();
    }

    @Override
    public void flush() {
        dirty = false;
        if (closed) {
            return;
        }
        boolean empty;
        try {
            empty = out.writeTo(sink, settlement);
            if (empty && stream.isWriteReady()) {
                stream.flush();
            }
        } catch (IOException | RuntimeException e) {
            close(e);
            return;
        }
        settlement.report(stage);
        if (closed) {
            return;
        }
        if (outputBacklogged && out.bytes() <= config.lowWatermark()) {
            outputBacklogged = false;
            pull();
        }
        if (empty && closeWhenFlushed) {
            close(null);
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
        if (unread != null) {
            ByteBuffer pending = unread;
            unread = null;
            stage.onBytes(pending);
            if (pending.hasRemaining() && !closed) {
                unread = pending;
                readPaused = true;
                return;
            }
        }
        pull();
    }

    @Override
    public void closeWhenFlushed() {
        closeWhenFlushed = true;
        if (out.isEmpty() && !dirty) {
            close(null);
        } else {
            markDirty();
        }
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
        try {
            stream.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing a stream", e);
        }
        if (!out.isEmpty()) {
            out.discard(cause != null ? cause : new ClosedChannelException(), settlement);
        }
        unread = null;
        settlement.report(stage);
        stage.onClosed(cause);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isSecure() {
        return stream.isSecure();
    }

    @Override
    public @Nullable InetSocketAddress localAddress() {
        return stream.localAddress();
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
        return stream.remoteAddress();
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
