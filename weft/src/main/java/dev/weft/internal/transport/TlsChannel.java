package dev.weft.internal.transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;

/**
 * TLS between a socket and a connection's stages, on {@link SSLEngine}: reads come out as
 * plaintext, plaintext written goes out as records. The handshake runs inside reads and
 * writes; its delegated tasks (certificate checks, key generation) run on an executor, off the
 * loop thread, and the connection resumes when they are done. Renegotiation is not initiated;
 * {@code close_notify} is sent on a graceful close.
 *
 * <p>Writes are gathering: {@link #write(ByteBuffer[], int, int)} wraps several plaintext
 * buffers into records in one call, with no plaintext copy beyond what {@code SSLEngine} makes.
 * Loop thread only.
 */
final class TlsChannel implements GatheringByteChannel {
    /** What the connection must do after TLS made progress it could not finish alone. */
    interface Owner {
        /** Handshake records are waiting to be written: flush soon. */
        void tlsWantsFlush();

        /** A delegated task finished: try reading and writing again. */
        void tlsTaskDone();
    }

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final Executor tasks;
    private final EventLoop loop;
    private final Owner owner;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private boolean taskRunning;
    private boolean inboundDone;

    TlsChannel(SocketChannel socket, SSLEngine engine, Executor tasks, EventLoop loop, Owner owner) throws SSLException {
        this.socket = socket;
        this.engine = engine;
        this.tasks = tasks;
        this.loop = loop;
        this.owner = owner;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.netOut.flip();
        engine.beginHandshake();
    }

    /** Whether the handshake is over and application data flows. */
    boolean isHandshakeDone() {
        SSLEngineResult.HandshakeStatus s = engine.getHandshakeStatus();
        return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || s == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /**
     * Reads and decrypts into {@code dst}.
     *
     * @return plaintext bytes produced, 0 if none yet, -1 at the end of the stream
     */
    int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (true) {
            if (taskRunning) {
                return dst.position() - start;
            }
            if (needsWrap()) {
                handshakeWrap();
                continue;
            }
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, dst);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK -> {
                    if (runTasksIfNeeded(r)) {
                        return dst.position() - start;
                    }
                    if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                        continue; // more records may be buffered
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) {
                        ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
                        netIn.flip();
                        bigger.put(netIn);
                        netIn = bigger;
                    }
                }
                case BUFFER_OVERFLOW -> {
                    return dst.position() - start; // the caller's buffer is full: it hands over what we have
                }
                case CLOSED -> {
                    inboundDone = true;
                    int produced = dst.position() - start;
                    return produced > 0 ? produced : -1;
                }
                default -> throw new SSLException("unexpected " + r.getStatus());
            }
            int n = socket.read(netIn);
            if (n < 0) {
                int produced = dst.position() - start;
                if (produced > 0) {
                    return produced;
                }
                try {
                    engine.closeInbound();
                } catch (SSLException truncated) {
                    // The peer closed TCP without close_notify; report the end of stream all the same.
                }
                return -1;
            }
            if (n == 0) {
                return dst.position() - start;
            }
        }
    }

    /** Whether decrypted-but-undelivered records may remain: a full buffer was handed over. */
    boolean hasBufferedInput() {
        return netIn.position() > 0;
    }

    private boolean needsWrap() {
        return engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
    }

    /** Writes handshake records (wrapping nothing) and asks the connection to flush them. */
    private void handshakeWrap() throws IOException {
        write(NOTHING, 0, 1);
        owner.tlsWantsFlush();
    }

    /** Runs delegated tasks off the loop; returns true if the caller must wait for them. */
    private boolean runTasksIfNeeded(SSLEngineResult r) {
        if (r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
            return false;
        }
        taskRunning = true;
        tasks.execute(() -> {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            loop.execute(() -> {
                taskRunning = false;
                owner.tlsTaskDone();
            });
        });
        return true;
    }

    /** Whether records are waiting to go out. */
    boolean hasPendingOutput() {
        return netOut.hasRemaining();
    }

    /** Writes pending records to the socket; true if none remain. */
    boolean flushRecords() throws IOException {
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!flushRecords()) {
            return 0;
        }
        long consumed = 0;
        while (true) {
            if (taskRunning) {
                return consumed;
            }
            netOut.clear();
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, offset, length, netOut);
            } finally {
                netOut.flip();
            }
            consumed += r.bytesConsumed();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                netOut.flip();
                continue;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                if (consumed == 0 && remaining(srcs, offset, length) > 0) {
                    throw new ClosedChannelException();
                }
                return consumed;
            }
            if (runTasksIfNeeded(r)) {
                flushRecords();
                return consumed;
            }
            if (!flushRecords()) {
                return consumed;
            }
            boolean handshaking = r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
            if (!handshaking && (r.bytesConsumed() == 0 || remaining(srcs, offset, length) == 0)) {
                return consumed;
            }
            if (!isHandshakeDone() && !handshaking) {
                return consumed; // application data waits until the handshake is over
            }
        }
    }

    private static long remaining(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    /** Starts a graceful TLS close: close_notify is queued for the next flush. */
    void closeOutbound() throws IOException {
        engine.closeOutbound();
        write(NOTHING, 0, 1);
    }

    boolean isInboundDone() {
        return inboundDone;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
