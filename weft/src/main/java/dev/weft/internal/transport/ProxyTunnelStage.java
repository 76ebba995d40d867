package dev.weft.internal.transport;

import dev.weft.WebSocketConnectException;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HeadLimits;
import dev.weft.protocol.http.ResponseHead;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection's stage before the handshake when it goes through an HTTP proxy: sends
 * {@code CONNECT host:port}, reads the proxy's response head, and on a 2xx hands the
 * connection on (the tunnel is then a plain byte pipe to the server). Any other answer fails
 * the connect with {@link WebSocketConnectException.Reason#PROXY} and the proxy's status:
 * 407 when it wants credentials, 403 or 502 when it will not or cannot reach the server.
 */
final class ProxyTunnelStage implements Tunnel.Stage {
    private final TcpConnection tcp;
    private final HttpTunnel tunnel;
    private final String host;
    private final int port;
    private final String target;
    private final HttpHeadParser parser;
    private final CompletableFuture<?> result;
    private final Runnable onTunnel;
    private final Timer timeout;

    /**
     * @param host     the server's host (an IPv6 address in brackets)
     * @param port     the server's port
     * @param onTunnel runs on the loop once the tunnel is open, after this stage has returned
     * @param timeout  the handshake timer, cancelled if this stage fails the connect
     */
    ProxyTunnelStage(TcpConnection tcp, HttpTunnel tunnel, String host, int port, HeadLimits limits,
                     CompletableFuture<?> result, Runnable onTunnel, Timer timeout) {
        this.tcp = tcp;
        this.tunnel = tunnel;
        this.host = host;
        this.port = port;
        this.target = host + ":" + port;
        this.parser = HttpHeadParser.forResponse(limits);
        this.result = result;
        this.onTunnel = onTunnel;
        this.timeout = timeout;
    }

    /** Queues the CONNECT request for the server. */
    @Override
    public void start() {
        tcp.write(ByteBuffer.wrap(tunnel.connectRequest(host, port).encode()), false);
    }

    @Override
    public void onBytes(ByteBuffer in) {
        try {
            if (!parser.feed(in)) {
                return;
            }
        } catch (HttpParseException e) {
            fail("malformed response from the proxy: " + e.getMessage(), 0);
            return;
        }
        ResponseHead response = parser.response();
        if (response.status() / 100 != 2) {
            fail("proxy " + tunnel.proxyHost() + ":" + tunnel.proxyPort() + " refused a tunnel to " + target + ": "
                    + response.status() + " " + response.reason(), response.status());
            return;
        }
        if (in.hasRemaining()) {
            // The server speaks only after the client's first bytes (TLS hello or upgrade request).
            fail("proxy sent bytes after opening the tunnel to " + target, response.status());
            return;
        }
        Tunnel.handOn(tcp, onTunnel);
    }

    private void fail(String message, int status) {
        timeout.cancel();
        result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.PROXY, message,
                status, null, null));
        tcp.close(null);
    }

    @Override
    public void onEof() {
        fail("proxy closed the connection before opening a tunnel to " + target, 0);
    }

    @Override
    public void onClosed(Throwable cause) {
        timeout.cancel();
        if (!result.isDone()) {
            result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.IO,
                    "connection to the proxy lost before the tunnel to " + target + " opened", 0, null, cause));
        }
    }
}
