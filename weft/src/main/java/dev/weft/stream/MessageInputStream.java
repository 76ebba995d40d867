package dev.weft.stream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of every message received, in order, as a blocking stream. The connection's thread
 * offers each message; a reader takes them. Bounded: past {@code limit} queued bytes the
 * connection stops reading (TCP then slows the peer) until a reader has taken half of them, so
 * a slow reader cannot make memory grow by more than one read's worth beyond the limit.
 */
final class MessageInputStream extends InputStream {
    /** Tells the connection to stop or resume reading from the socket. */
    interface FlowControl {
        void pause();

        void resume();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long limit;
    private final FlowControl flow;
    private int headPosition;
    private long queued;
    private boolean paused;
    private boolean ended;
    private IOException failure;
    private boolean closed;

    MessageInputStream(long limit, FlowControl flow) {
        this.limit = limit;
        this.flow = flow;
    }

    /** Queues a message's bytes (the caller gives up the array). */
    void offer(byte[] message) {
        if (message.length == 0) {
            return;
        }
        boolean pause = false;
        lock.lock();
        try {
            if (closed || ended) {
                return;
            }
            chunks.add(message);
            queued += message.length;
            if (queued > limit && !paused) {
                paused = pause = true;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        if (pause) {
            flow.pause();
        }
    }

    /** No more messages: the reader gets what is queued, then end of stream, or {@code failure} if not null. */
    void end(IOException failure) {
        lock.lock();
        try {
            if (!ended) {
                ended = true;
                this.failure = failure;
                readable.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        boolean resume = false;
        int n = 0;
        lock.lock();
        try {
            while (queued == 0) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (ended) {
                    if (failure != null) {
                        throw new IOException(failure.getMessage(), failure);
                    }
                    return -1;
                }
                readable.await(1, TimeUnit.SECONDS);
            }
            while (n < len && !chunks.isEmpty()) {
                byte[] head = chunks.peek();
                int take = Math.min(len - n, head.length - headPosition);
                System.arraycopy(head, headPosition, b, off + n, take);
                n += take;
                headPosition += take;
                if (headPosition == head.length) {
                    chunks.poll();
                    headPosition = 0;
                }
            }
            queued -= n;
            if (paused && queued <= limit / 2) {
                paused = false;
                resume = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a message");
        } finally {
            lock.unlock();
        }
        if (resume) {
            flow.resume();
        }
        return n;
    }

    /** The bytes queued and readable without blocking. */
    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queued);
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is queued; later messages are dropped too, and reading resumes so the connection does not stall. */
    @Override
    public void close() {
        boolean resume;
        lock.lock();
        try {
            closed = true;
            chunks.clear();
            queued = 0;
            resume = paused;
            paused = false;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        if (resume) {
            flow.resume();
        }
    }
}
