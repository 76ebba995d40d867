package dev.weft.internal.transport;

import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;

import java.util.Objects;

/**
 * An HTTP proxy to open a tunnel through ({@code CONNECT}, RFC 9110 §9.3.6) before the
 * WebSocket handshake: the client connects to the proxy, asks it for a TCP tunnel to the
 * server, and then speaks TLS (for {@code wss://}) and WebSocket through the tunnel as if
 * connected directly. The proxy sees only the server's name and port.
 *
 * @param proxyHost     the proxy's host name or address
 * @param proxyPort     the proxy's port
 * @param authorization the {@code Proxy-Authorization} value to send, or {@code null}
 */
public record HttpTunnel(String proxyHost, int proxyPort, String authorization) implements Tunnel {
    /** Checks the parts. */
    public HttpTunnel {
        Objects.requireNonNull(proxyHost, "proxyHost");
        if (proxyPort < 1 || proxyPort > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + proxyPort);
        }
    }

    /** The {@code CONNECT} request for a tunnel to {@code host:port} (an IPv6 host in brackets). */
    public RequestHead connectRequest(String host, int port) {
        String authority = host + ":" + port;
        HttpFields.Builder fields = HttpFields.builder().add("Host", authority);
        if (authorization != null) {
            fields.add("Proxy-Authorization", authorization);
        }
        return new RequestHead("CONNECT", authority, "HTTP/1.1", fields.build());
    }

    @Override
    public Tunnel.Stage stage(TcpConnection tcp, String host, int port, dev.weft.protocol.http.HeadLimits limits,
                             java.util.concurrent.CompletableFuture<?> result, Runnable onTunnel, Timer timeout) {
        return new ProxyTunnelStage(tcp, this, host, port, limits, result, onTunnel, timeout);
    }

    /** Hides the credentials. */
    @Override
    public String toString() {
        return "HttpTunnel[" + proxyHost + ":" + proxyPort + (authorization != null ? ", with credentials]" : "]");
    }
}
