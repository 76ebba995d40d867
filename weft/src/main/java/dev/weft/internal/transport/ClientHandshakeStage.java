package dev.weft.internal.transport;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.protocol.Role;
import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.handshake.ClientHandshake;
import dev.weft.protocol.handshake.HandshakeException;
import dev.weft.protocol.handshake.HandshakeResult;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.ResponseHead;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection's first stage: sends the upgrade request, reads the response head,
 * checks it (RFC 6455 §4.1) and hands the connection to a {@link WebSocketSession}, passing on
 * frame bytes that arrived with the head. A refusal is read to the end of its body (up to
 * 64 KiB) so the application can see what the server said.
 */
final class ClientHandshakeStage implements Link.Stage {
    private static final int MAX_BODY = 64 * 1024;

    private final TcpConnection tcp;
    private final ClientHandshake handshake;
    /** Whether the 101 response stays readable on the connection after onOpen. */
    private final boolean keepResponse;
    private final WebSocketConfig config;
    private final WebSocketListener listener;
    private final List<? extends ClientExtensionFactory> extensionFactories;
    private final CompletableFuture<WebSocket> result;
    private final SessionHome home;
    private final HttpHeadParser parser;
    private final Timer timeout;
    private ResponseHead refusal;
    private HandshakeException refusalReason;
    private ByteArrayOutputStream body;
    private long bodyExpected = -1;

    ClientHandshakeStage(TcpConnection tcp, ClientHandshake handshake, List<? extends ClientExtensionFactory> extensionFactories,
                         WebSocketConfig config, WebSocketListener listener, CompletableFuture<WebSocket> result, Timer timeout,
                         SessionHome home, boolean keepResponse) {
        this.tcp = tcp;
        this.keepResponse = keepResponse;
        this.home = home;
        this.handshake = handshake;
        this.extensionFactories = extensionFactories;
        this.config = config;
        this.listener = listener;
        this.result = result;
        this.timeout = timeout;
        this.parser = HttpHeadParser.forResponse(config.headLimits());
    }

    void sendRequest() {
        tcp.write(ByteBuffer.wrap(handshake.request().encode()), false);
    }

    @Override
    public void onBytes(ByteBuffer in) {
        if (refusal != null) {
            readBody(in);
            return;
        }
        try {
            if (!parser.feed(in)) {
                return;
            }
        } catch (HttpParseException e) {
            fail(new WebSocketConnectException(WebSocketConnectException.Reason.HANDSHAKE,
                    "malformed handshake response: " + e.getMessage(), 0, null,
                    new HandshakeException(HandshakeException.Reason.MALFORMED_RESPONSE, e.getMessage(), null)));
            return;
        }
        ResponseHead response = parser.response();
        HandshakeResult agreed;
        try {
            agreed = handshake.validate(response);
        } catch (HandshakeException e) {
            if (e.reason() == HandshakeException.Reason.UNEXPECTED_STATUS) {
                refusal = response;
                refusalReason = e;
                body = new ByteArrayOutputStream();
                String length = response.fields().first("Content-Length");
                bodyExpected = length == null ? -1 : parseLength(length);
                readBody(in);
            } else {
                fail(new WebSocketConnectException(WebSocketConnectException.Reason.HANDSHAKE, e.getMessage(),
                        response.status(), null, e));
            }
            return;
        }
        List<Extension> codecs;
        try {
            codecs = ExtensionNegotiation.client(extensionFactories, agreed.extensions());
        } catch (IllegalArgumentException e) {
            fail(new WebSocketConnectException(WebSocketConnectException.Reason.HANDSHAKE, e.getMessage(), response.status(),
                    null, new HandshakeException(HandshakeException.Reason.UNEXPECTED_EXTENSION, e.getMessage(), response)));
            return;
        }
        timeout.cancel();
        WebSocketSession session = new WebSocketSession(tcp, Role.CLIENT, config, listener, agreed.subprotocol(),
                agreed.extensions(), codecs, handshake.request(), null, java.util.Map.of(), 0, home);
        session.handshakeResponse(response, keepResponse);
        session.open();
        result.complete(session);
        if (in.hasRemaining() && !tcp.isClosed()) {
            session.onBytes(in);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void readBody(ByteBuffer in) {
        int room = MAX_BODY - body.size();
        int n = Math.min(room, in.remaining());
        byte[] part = new byte[n];
        in.get(part);
        body.write(part, 0, n);
        in.position(in.limit());
        if (body.size() >= MAX_BODY || (bodyExpected >= 0 && body.size() >= bodyExpected)) {
            failRefused();
        }
    }

    private void failRefused() {
        fail(new WebSocketConnectException(WebSocketConnectException.Reason.HANDSHAKE,
                "server answered " + refusal.status() + " " + refusal.reason(), refusal.status(), body.toByteArray(),
                refusalReason));
    }

    void fail(WebSocketConnectException e) {
        timeout.cancel();
        result.completeExceptionally(e);
        tcp.close(null);
    }

    @Override
    public void onEof() {
        if (refusal != null) {
            failRefused();
        } else {
            fail(new WebSocketConnectException(WebSocketConnectException.Reason.IO,
                    "server closed the connection during the handshake", 0, null, null));
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        timeout.cancel();
        if (!result.isDone()) {
            boolean tls = cause instanceof javax.net.ssl.SSLException;
            result.completeExceptionally(new WebSocketConnectException(
                    tls ? WebSocketConnectException.Reason.TLS : WebSocketConnectException.Reason.IO,
                    tls ? "TLS handshake failed: " + cause.getMessage() : "connection lost during the handshake",
                    0, null, cause));
        }
    }
}
