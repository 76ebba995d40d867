package dev.weft.internal.transport;

import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.internal.legacy.LegacyHandshake;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A server connection's first stage: reads the request head within the handshake timeout
 * (a client that trickles its request is cut off), asks the {@link ServerRoutes} what to do,
 * and either writes the 101 and hands the connection to a {@link WebSocketSession}, passing on
 * any frame bytes that arrived with the head, or writes a plain response and closes. A
 * draft-76 request (when the server speaks the legacy drafts) is routed once the eight bytes
 * after its head have arrived too, within the same timeout.
 */
final class ServerHandshakeStage implements Link.Stage {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");

    private final TcpConnection tcp;
    private final ServerTransport server;
    private final HttpHeadParser parser;
    private final Timer timeout;
    private boolean deciding;
    /** A draft-76 request whose eight bytes after the head are still arriving, or {@code null}. */
    private RequestHead awaitingKey3;
    private byte[] key3;
    private int key3Have;

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
        RequestHead head = awaitingKey3;
        if (head == null) {
            try {
                if (!parser.feed(in)) {
                    return;
                }
            } catch (HttpParseException e) {
                LOG.log(System.Logger.Level.DEBUG, "bad request from " + tcp.remoteAddress() + ": " + e.getMessage());
                answer(server.routes().error(e.status(), e.getMessage()), null);
                return;
            }
            head = parser.request();
            if (server.routes().speaksLegacyDrafts() && LegacyHandshake.isLegacyRequest(head)
                    && LegacyHandshake.isDraft76(head)) {
                awaitingKey3 = head;
                key3 = new byte[LegacyHandshake.KEY3_LENGTH];
            }
        }
        if (awaitingKey3 != null) {
            int n = Math.min(in.remaining(), key3.length - key3Have);
            in.get(key3, key3Have, n);
            key3Have += n;
            if (key3Have < key3.length) {
                return;
            }
            awaitingKey3 = null;
        }
        deciding = true;
        CompletableFuture<ServerAnswer> decision;
        try {
            decision = server.routes().route(head, tcp.remoteAddress(), tcp.isSecure(), key3,
                    ContainerContext.NONE).toCompletableFuture();
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
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "handshake decision failed; answering 500", e);
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
        if (a.body().length > 0) {
            tcp.write(ByteBuffer.wrap(a.body()), false);
        }
        if (a.stream() != null) {
            server.handshakeEnded();
            server.openEventStream(tcp, a.stream());
            if (leftover != null) {
                leftover.position(leftover.limit());
            }
            return;
        }
        if (!a.isUpgrade()) {
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
        if (!tcp.isClosed() && tcp.isSecure() && !tcp.isTlsHandshakeDone()) {
            // No HTTP answer can reach a client that has not finished TLS: a 408 would wait
            // behind the handshake for ever, and so would the socket. End it now.
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake timeout from " + tcp.remoteAddress());
            tcp.abort();
        } else if (!tcp.isClosed() && !deciding) {
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
