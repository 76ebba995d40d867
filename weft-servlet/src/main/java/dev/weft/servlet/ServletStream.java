package dev.weft.servlet;

import dev.weft.internal.transport.StreamLink;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An upgraded servlet connection as a {@link StreamLink.Stream}: the container's non-blocking
 * streams, whose read and write listeners tell the link when to go on. The link calls the
 * streams from its loop thread, one call at a time; the container calls the listeners on its
 * own threads, and they only hand work to the loop.
 */
final class ServletStream implements StreamLink.Stream, ReadListener, WriteListener {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");

    private final WebConnection connection;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private StreamLink link;
    /** Tomcat's socket behind the streams, and the lock it handles it under; null elsewhere. */
    private final @Nullable Object tomcatSocket;
    private final java.util.concurrent.locks.@Nullable Lock tomcatLock;
    /** Copies direct buffers' bytes for the stream, which takes arrays (Servlet 6.0). */
    private byte[] scratch = new byte[0];

    ServletStream(WebConnection connection) throws IOException {
        this.connection = connection;
        this.in = connection.getInputStream();
        this.out = connection.getOutputStream();
        this.tomcatSocket = TomcatSockets.socketOf(in);
        this.tomcatLock = TomcatSockets.lock(tomcatSocket);
    }

    /** Connects the container's listeners to {@code link}. Call on the container's thread, in {@code init}. */
    void listen(StreamLink link) {
        this.link = link;
        in.setReadListener(this);
        out.setWriteListener(this);
    }

    @Override
    public boolean isReadReady() {
        return !in.isFinished() && in.isReady();
    }

    @Override
    public int read(byte[] into) throws IOException {
        return in.read(into);
    }

    @Override
    public boolean isWriteReady() {
        return out.isReady();
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
        } else {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, 16 * 1024)];
            }
            bytes.duplicate().get(scratch, 0, n);
            out.write(scratch, 0, n);
        }
        bytes.position(bytes.limit());
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing an upgraded servlet connection", e);
        }
        TomcatSockets.processAgain(tomcatSocket);
    }

    @Override
    public void shutdownOutput() {
        TomcatSockets.shutdownOutput(tomcatSocket);
    }

    @Override
    public void exclusively(Runnable read) {
        if (tomcatLock == null) {
            read.run();
            return;
        }
        tomcatLock.lock();
        try {
            read.run();
        } finally {
            tomcatLock.unlock();
        }
    }




    @Override
    public void onDataAvailable() {
        link.readable();
    }

    @Override
    public void onAllDataRead() {
        link.ended();
    }

    @Override
    public void onWritePossible() {
        link.writable();
    }

    @Override
    public void onError(Throwable t) {
        link.failed(t);
    }
}
