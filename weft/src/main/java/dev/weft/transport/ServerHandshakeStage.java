package dev.weft.transport;

import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A server connection's first stage: reads the request head within the handshake timeout
 * (a client that trickles its request is cut off), asks the {@link ServerRoutes} what to do,
 * and either writes the 101 and hands the connection to a {@link WebSocketSession}, passing on
 * any frame bytes that arrived with the head, or writes a plain response and closes.
 */
final class ServerHandshakeStage implements TcpConnection.Stage {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");

    private final TcpConnection tcp;
    private final ServerTransport server;
    private final HttpHeadParser parser;
    private final Timer timeout;
    private boolean deciding;

    ServerHandshakeStage(TcpConnection tcp, ServerTransport server) {
        this.tcp = tcp;
        this.server = server;
        this.parser = HttpHeadParser.forRequest(server.config().headLimits());
        this.timeout = tcp.loop.schedule(server.config().handshakeTimeout().toNanos(), this::timedOut);
    }

    @Override
    public void onBytes(ByteBuffer in) {
        if (deciding) {
            return; // the decision is pending; the connection keeps these bytes until it is made
        }
        try {
            if (!parser.feed(in)) {
                return;
            }
        } catch (HttpParseException e) {
            LOG.log(System.Logger.Level.DEBUG, "bad request from " + tcp.remoteAddress() + ": " + e.getMessage());
            answer(server.routes().error(e.status(), e.getMessage()), null);
            return;
        }
        deciding = true;
        CompletableFuture<ServerAnswer> decision;
        try {
            decision = server.routes().route(parser.request(), tcp.remoteAddress()).toCompletableFuture();
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        if (decision.isDone()) {
            answer(outcome(decision), in);
        } else {
            CompletableFuture<ServerAnswer> pending = decision;
            pending.whenComplete((a, e) -> tcp.loop.execute(() -> {
                answer(outcome(pending), null);
                if (!tcp.isClosed()) {
                    tcp.resumeReading();
                }
            }));
        }
    }

    private ServerAnswer outcome(CompletableFuture<ServerAnswer> decision) {
        try {
            return decision.join();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handshake decision failed; answering 500", e);
            return server.routes().error(500, "Internal Server Error");
        }
    }

    /** Writes the answer; on an upgrade, the session takes over and parses {@code leftover} if given. */
    private void answer(ServerAnswer a, ByteBuffer leftover) {
        timeout.cancel();
        if (tcp.isClosed()) {
            a.codecs().forEach(dev.weft.protocol.extension.Extension::close);
            return;
        }
        tcp.write(ByteBuffer.wrap(a.response().encode()), false);
        if (!a.isUpgrade()) {
            if (a.body().length > 0) {
                tcp.write(ByteBuffer.wrap(a.body()), false);
            }
            tcp.closeWhenFlushed();
            if (leftover != null) {
                leftover.position(leftover.limit());
            }
            return;
        }
        WebSocketSession session = server.newSession(tcp, a);
        server.handshakeEnded(); // the session takes the connection over; this stage will not hear it close
        session.open();
        if (leftover != null && leftover.hasRemaining() && !tcp.isClosed()) {
            session.onBytes(leftover);
        }
    }

    private void timedOut() {
        if (!tcp.isClosed() && !deciding) {
            LOG.log(System.Logger.Level.DEBUG, "handshake timeout from " + tcp.remoteAddress());
            answer(server.routes().error(408, "handshake timeout"), null);
        } else if (!tcp.isClosed() && deciding) {
            tcp.close(null);
        }
    }

    @Override
    public void onEof() {
        tcp.close(null);
    }

    @Override
    public void onClosed(Throwable cause) {
        timeout.cancel();
        server.handshakeEnded();
    }
}
