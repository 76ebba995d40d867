package dev.weft.internal.transport;

import dev.weft.WebSocketConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * A TCP connection on an {@link EventLoop}: reads into the loop's shared buffer and hands the
 * bytes to the current {@link Stage} (the HTTP handshake, then WebSocket), queues output and
 * flushes it once per loop turn. A stage that leaves bytes unread (reading paused, or a
 * decision still pending) gets them back, from a private copy, when reading resumes.
 * Loop thread only, except where noted.
 */
final class TcpConnection extends QueuedLink implements Selectable, TlsChannel.Owner {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    /** Reads per readiness event before other connections get their turn. */
    private static final int READS_PER_TURN = 16;

    final SocketChannel channel;
    private TlsChannel tls;
    private SelectionKey key;
    private boolean readPaused;
    private boolean closeWhenFlushed;
    /** The peer sent its close frame: no input is left to drain (see {@link #closeWhenFlushedAfterPeer}). */
    private boolean peerFinished;
    private boolean lingering;
    private Timer lingerTimer;

    /** The options weft sets on every connection's socket, as configured: Nagle, keepalive, the send buffer. */
    static void setSocketOptions(SocketChannel channel, WebSocketConfig config) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
        if (config.tcpKeepAlive()) {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        if (config.socketSendBuffer() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, config.socketSendBuffer());
        }
    }

    /**
     * Reading goes on however much output is queued: a connection that stopped reading while its
     * own output was backlogged deadlocked with a peer doing the same (two weft endpoints each
     * sending the other megabytes at once). What a peer that never reads can make us queue is
     * bounded elsewhere: the application's sends by the hard cap, answers to its pings by
     * {@link WebSocketSession#writePingAnswer}.
     */
    TcpConnection(EventLoop loop, SocketChannel channel) {
        super(loop);
        this.channel = channel;
    }

    /** Whether TLS runs between the socket and the stages. */
    @Override
    public boolean isSecure() {
        return tls != null;
    }

    /** Whether TLS, if it runs here, has finished its handshake (true without TLS). */
    boolean isTlsHandshakeDone() {
        return tls == null || tls.isHandshakeDone();
    }

    /** Puts TLS between the socket and the stages; call before {@link #start} or {@link #adopt}. */
    void useTls(TlsChannel channel) {
        this.tls = channel;
    }

    @Override
    public void tlsWantsFlush() {
        markDirty();
    }

    @Override
    public void tlsTaskDone() {
        if (closed) {
            return;
        }
        read();
        flush();
    }

    /** Registers for reading with {@code first} as the stage. */
    void start(Link.Stage first) throws IOException {
        this.stage = first;
        this.key = loop.register(channel, SelectionKey.OP_READ, this);
    }

    /**
     * Registers for reading with {@code first} as the stage, which hears {@code alreadyRead}
     * (bytes another server read from the socket before handing it over) before anything new.
     */
    void start(Link.Stage first, ByteBuffer alreadyRead) throws IOException {
        start(first);
        if (alreadyRead.hasRemaining()) {
            keepUnread(alreadyRead);
            resumeReading(); // offers them first; pauses again if the stage leaves some
        }
    }

    /** Takes over a key registered by a connector, now reading, with {@code first} as the stage. */
    void adopt(SelectionKey connected, Link.Stage first) {
        this.stage = first;
        this.key = connected;
        connected.attach(this);
        connected.interestOps(SelectionKey.OP_READ);
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && !closed) {
            read();
        }
    }

    private void read() {
        if (lingering) {
            drain();
            return;
        }
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < READS_PER_TURN && !readPaused && !closed; i++) {
            ByteBuffer target = tls == null ? stage.readTarget() : null;
            if (target != null) {
                if (!readInPlace(target)) {
                    return;
                }
                continue;
            }
            buf.clear();
            int n;
            try {
                n = tls != null ? tls.read(buf) : channel.read(buf);
            } catch (IOException e) {
                close(e);
                return;
            }
            if (n < 0) {
                stage.onEof();
                return;
            }
            if (n == 0) {
                if (tls != null && tls.isHandshakeDone() && !isEmpty()) {
                    tlsWantsFlush(); // output queued during the handshake can go now
                }
                return;
            }
            buf.flip();
            stage.onBytes(buf);
            if (buf.hasRemaining() && !closed) {
                keepUnreadAndPause(buf);
                return;
            }
            if (n < buf.capacity() && (tls == null || !tls.hasBufferedInput())) {
                return; // the socket is drained
            }
        }
        if (tls != null && tls.hasBufferedInput() && !closed) {
            loop.execute(this::read); // records left over after this turn's reads
        }
    }

    /**
     * Reads straight into where the stage wants the bytes (the rest of a large message's
     * payload, in the message's own buffer), sparing the copy out of the read buffer.
     *
     * @return whether to go on reading this turn (the read filled the target)
     */
    private boolean readInPlace(ByteBuffer target) {
        int n;
        try {
            n = channel.read(target);
        } catch (IOException e) {
            close(e);
            return false;
        }
        if (n < 0) {
            stage.onEof();
            return false;
        }
        if (n > 0) {
            stage.onBytesInPlace(target, n);
        }
        return n > 0 && !target.hasRemaining() && !closed;
    }

    /** Half-closed: read and drop whatever the peer still sends, until it closes too. */
    private void drain() {
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < READS_PER_TURN; i++) {
            buf.clear();
            int n;
            try {
                n = tls != null ? tls.read(buf) : channel.read(buf);
            } catch (IOException e) {
                close(null);
                return;
            }
            if (n < 0) {
                close(null);
                return;
            }
            if (n == 0) {
                return;
            }
        }
    }

    private void keepUnreadAndPause(ByteBuffer buf) {
        keepUnread(buf);
        if (!readPaused) {
            pauseReading();
        }
    }

    /** Stops reading from the socket; TCP flow control then slows the peer. */
    @Override
    public void pauseReading() {
        readPaused = true;
        updateReadInterest();
    }

    /** Reads unless the application paused reading (and always when draining a half-close). */
    private void updateReadInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        boolean wanted = lingering || !readPaused;
        int ops = key.interestOps();
        int next = wanted ? ops | SelectionKey.OP_READ : ops & ~SelectionKey.OP_READ;
        if (next != ops) {
            key.interestOps(next);
        }
    }

    /** Resumes reading, first offering the stage whatever it left unread. */
    @Override
    public void resumeReading() {
        if (closed) {
            return;
        }
        readPaused = false;
        if (!offerUnread() && !closed) {
            pauseReading();
            return;
        }
        if (!closed) {
            updateReadInterest();
        }
    }

    @Override
    public void flush() {
        dirty = false;
        if (closed) {
            return;
        }
        boolean empty;
        try {
            if (tls != null && (!tls.flushRecords() || !tls.isHandshakeDone())) {
                // Records still pending (socket full), or application data waiting for the handshake.
                empty = isEmpty() && !tls.hasPendingOutput();
            } else {
                empty = writeTo(tls != null ? tls : channel, this) && (tls == null || !tls.hasPendingOutput());
            }
        } catch (IOException e) {
            close(e);
            return;
        }
        report(stage);
        if (closed || !key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        if (empty) {
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                key.interestOps(ops & ~SelectionKey.OP_WRITE);
            }
            if (closeWhenFlushed && !lingering) {
                finishClose();
            }
        } else if ((ops & SelectionKey.OP_WRITE) == 0 && (tls == null || tls.isHandshakeDone() || tls.hasPendingOutput())) {
            // During a TLS handshake, queued application data waits for the handshake, not for the socket.
            key.interestOps(ops | SelectionKey.OP_WRITE);
        }
    }

    /**
     * Closes once everything queued is written. The close is graceful: a FIN first, then the
     * peer's remaining input is read and dropped until it closes too (or two seconds pass).
     * Closing with unread input would make the kernel send a reset, which can destroy the close
     * frame or error response just written before the peer reads it.
     */
    @Override
    public void closeWhenFlushed() {
        closeWhenFlushed = true;
        if (isEmpty() && !dirty) {
            finishClose();
        } else {
            markDirty();
        }
    }

    /**
     * As {@link #closeWhenFlushed}, but the peer's close frame has arrived: without
     * TLS (whose close_notify may still come) nothing is left to read, so the socket closes
     * outright once written, its FIN after the close frame, with no shutdown, drain or linger
     * timer (a third of what a short connection's close cost the server).
     */
    @Override
    public void closeWhenFlushedAfterPeer() {
        peerFinished = true;
        closeWhenFlushed();
    }

    private void finishClose() {
        if (peerFinished && tls == null && nothingUnread() && nothingMoreToRead()) {
            close(null);
        } else {
            halfClose();
        }
    }

    /**
     * Whether the socket has no input waiting (or the peer already closed): a peer that broke the
     * protocol by sending after its close frame would otherwise get a reset, which could destroy
     * our close frame before it is read; such a peer gets the lingering close instead.
     */
    private boolean nothingMoreToRead() {
        ByteBuffer buf = loop.readBuffer;
        buf.clear();
        try {
            return channel.read(buf) <= 0;
        } catch (IOException e) {
            return true; // the connection is gone: nothing can be destroyed any more
        }
    }

    private void halfClose() {
        if (closed || lingering) {
            return;
        }
        lingering = true;
        dropUnread();
        try {
            if (tls != null) {
                tls.closeOutbound();
                tls.flushRecords();
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            close(null);
            return;
        }
        readPaused = false;
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
        lingerTimer = loop.schedule(LINGER_NANOS, () -> close(null));
        drain();
    }

    /**
     * Closes now, without waiting for queued output: with TLS, an alert is first offered to the
     * socket in the one write it takes without blocking (a peer that reads learns why; one
     * that does not loses nothing it could have used).
     */
    @Override
    public void abort() {
        if (closed) {
            return;
        }
        if (tls != null) {
            try {
                tls.closeOutbound();
                tls.flushRecords();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "no TLS alert for an aborted connection: " + e);
            }
        }
        close(null);
    }

    /** Closes now, dropping queued output; the stage hears {@code onClosed} once. */
    @Override
    public void close(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing a socket", e);
        }
        // Made only when sends are left to fail: a stack trace per ordinary close is not free.
        if (!isEmpty()) {
            discard(cause != null ? cause : new ClosedChannelException(), this);
        }
        dropUnread();
        report(stage);
        stage.onClosed(cause);
    }

    @Override
    public void onLoopClosing() {
        close(new ClosedChannelException());
    }
}
