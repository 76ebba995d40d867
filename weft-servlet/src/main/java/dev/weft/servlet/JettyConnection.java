package dev.weft.servlet;

import dev.weft.internal.transport.EventLoop;
import dev.weft.internal.transport.ServerAnswer;
import dev.weft.internal.transport.ServerTransport;
import dev.weft.internal.transport.StreamLink;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket connection on Jetty's end point, once Jetty has sent the 101 and handed the end
 * point over: a Jetty {@link Connection} to Jetty, a {@link StreamLink.Stream} to weft. Jetty
 * calls {@link #onFillable} when the end point has bytes (after weft asked, and never twice for
 * one asking); weft reads them there and writes on its loop, without blocking: a write the end
 * point cannot take at once continues in Jetty's write flusher, and weft waits for its callback.
 *
 * <p>{@link #onFillable} never blocks (it reads what is there, at most 64 KiB ahead of the
 * loop, and hands it over), so it is a {@link AbstractConnection.NonBlocking} connection: Jetty
 * calls it on its selector thread rather than dispatching each read to its thread pool (on the
 * small-message benchmark that hop cost more than weft's own work).
 *
 * <p>Jetty's idle timeout is switched off for the connection: weft's idle and keepalive settings
 * govern it, as on weft's own server.
 */
final class JettyConnection extends AbstractConnection.NonBlocking implements Connection.UpgradeTo, StreamLink.Stream {
    private static final int READ_BUFFER = 16 * 1024;

    private final ServerTransport transport;
    private final ServerAnswer answer;
    private final StreamLink link;
    /** Bytes filled from the end point and not yet read by the link, in flush mode. Reader's thread. */
    private ByteBuffer filled = ByteBuffer.allocate(READ_BUFFER).limit(0);
    private boolean ended;
    /** Whether Jetty is still writing bytes weft handed it; then weft waits for its callback. */
    private volatile boolean writing;
    private final Callback written = Callback.from(this::writeDone, this::writeFailed);

    JettyConnection(EndPoint endPoint, Executor executor, ServerTransport transport, ServerAnswer answer,
                    StreamLink.Addresses addresses) {
        super(endPoint, executor);
        this.transport = transport;
        this.answer = answer;
        this.link = new StreamLink(transport.nextLoop(), this, addresses);
    }

    /** Bytes Jetty read past the request head before the upgrade: the client's first frames. */
    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        if (prefilled != null && prefilled.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(Math.max(READ_BUFFER, prefilled.remaining()));
            copy.put(prefilled).flip();
            filled = copy;
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(0);
        EventLoop loop = link.loop();
        loop.execute(() -> link.start(transport.openSession(link, answer)));
        link.readable();
    }

    @Override
    public void onFillable() {
        link.readable();
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        link.failed(cause);
    }

    @Override
    public void onClose(@Nullable Throwable cause) {
        super.onClose(cause);
        // After weft closed the end point this finds the link closed; otherwise the peer or Jetty did.
        link.failed(cause != null ? cause : new EOFException("the connection was closed"));
    }

    /** weft's own idle and keepalive settings govern the connection; Jetty's timeout never ends it. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }

    @Override
    protected boolean onReadTimeout(TimeoutException timeout) {
        return false;
    }

    @Override
    public boolean isReadReady() {
        if (filled.hasRemaining() || ended) {
            return true;
        }
        int n;
        try {
            filled.clear().limit(0);
            n = getEndPoint().fill(filled);
        } catch (IOException e) {
            link.failed(e);
            return false;
        }
        if (n < 0) {
            ended = true;
            return true;
        }
        if (n == 0) {
            fillInterested(); // Jetty calls onFillable once there are bytes
            return false;
        }
        return true;
    }

    @Override
    public int read(byte[] into) {
        if (!filled.hasRemaining()) {
            return ended ? -1 : 0;
        }
        int n = Math.min(into.length, filled.remaining());
        filled.get(into, 0, n);
        return n;
    }

    @Override
    public boolean isWriteReady() {
        return !writing;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (getEndPoint().flush(bytes)) {
            return;
        }
        // The socket took part: Jetty's flusher writes the rest (a copy: the caller reuses its
        // buffer) and calls back once it has.
        ByteBuffer rest = ByteBuffer.allocate(bytes.remaining());
        rest.put(bytes).flip();
        writing = true;
        getEndPoint().write(written, rest);
    }

    private void writeDone() {
        writing = false;
        link.writable();
    }

    private void writeFailed(Throwable cause) {
        writing = false;
        link.failed(cause);
    }

    @Override
    public void flush() {
        // Every write went to the socket or to Jetty's flusher already.
    }

    @Override
    public void close() {
        getEndPoint().close();
    }

    @Override
    public void shutdownOutput() {
        getEndPoint().shutdownOutput();
    }



}
