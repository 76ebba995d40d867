package dev.weft.stream;

import dev.weft.WebSocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Bytes written go out as binary messages: one each time {@code chunkSize} bytes have
 * gathered, and one for whatever is gathered on {@link #flush()}. A writer blocks while the
 * connection is over its high watermark (until {@code onWritable}), so a fast writer cannot
 * queue more than the watermark allows. Not for concurrent writers, like any OutputStream.
 */
final class MessageOutputStream extends OutputStream {
    private final Supplier<WebSocket> socket;
    private final int chunkSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private byte[] chunk;
    private int filled;
    private volatile boolean ended;
    private volatile Throwable sendFailure;

    MessageOutputStream(Supplier<WebSocket> socket, int chunkSize) {
        this.socket = socket;
        this.chunkSize = chunkSize;
    }

    /** The connection can take more: wakes a blocked writer. */
    void writable() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: writes fail from now on. */
    void end() {
        ended = true;
        writable();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            checkOpen();
            if (chunk == null) {
                chunk = new byte[chunkSize];
            }
            int take = Math.min(len, chunkSize - filled);
            System.arraycopy(b, off, chunk, filled, take);
            filled += take;
            off += take;
            len -= take;
            if (filled == chunkSize) {
                send();
            }
        }
    }

    /** Sends what is gathered as one message, waiting first while the connection is over its watermark. */
    @Override
    public void flush() throws IOException {
        if (filled > 0) {
            send();
        }
    }

    /** Sends what is gathered; the connection stays open (close the {@link WebSocketStream} to close it). */
    @Override
    public void close() throws IOException {
        if (!ended) {
            flush();
        }
    }

    private void send() throws IOException {
        WebSocket ws = socket.get();
        awaitWritable(ws);
        // The message owns its array until written: the next bytes go into a fresh one.
        ByteBuffer message = ByteBuffer.wrap(chunk, 0, filled);
        chunk = null;
        filled = 0;
        CompletableFuture<Void> sent = ws.sendBinary(message);
        sent.whenComplete((ok, error) -> {
            if (error != null && sendFailure == null) {
                sendFailure = error;
                writable();
            }
        });
    }

    private void awaitWritable(WebSocket ws) throws IOException {
        lock.lock();
        try {
            while (!ws.isWritable()) {
                checkOpen();
                // Timed: onWritable may have come between the check and the wait.
                writable.await(50, TimeUnit.MILLISECONDS);
            }
            checkOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to send");
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws IOException {
        if (sendFailure != null) {
            throw new IOException("send failed: " + sendFailure.getMessage(), sendFailure);
        }
        if (ended) {
            throw new IOException("connection closed");
        }
    }
}
