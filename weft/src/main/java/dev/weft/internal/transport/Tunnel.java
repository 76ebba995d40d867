package dev.weft.internal.transport;

import dev.weft.protocol.http.HeadLimits;

import java.util.concurrent.CompletableFuture;

/**
 * A proxy a client connection goes through before its handshake: the connection is made to the
 * proxy, which is asked to open a TCP tunnel to the server; TLS and WebSocket then run through
 * the tunnel end to end. {@link HttpTunnel} asks with HTTP {@code CONNECT}, {@link Socks5Tunnel}
 * with SOCKS5.
 */
public interface Tunnel {
    /** The proxy's host name or address. */
    String proxyHost();

    /** The proxy's port. */
    int proxyPort();

    /**
     * The stage that asks the proxy for a tunnel to {@code host:port}.
     *
     * @param onTunnel runs on the loop once the tunnel is open, after the stage has returned
     * @param timeout  the handshake timer, cancelled if the stage fails the connect
     */
    Stage stage(TcpConnection tcp, String host, int port, HeadLimits limits, CompletableFuture<?> result,
                Runnable onTunnel, Timer timeout);

    /**
     * The tunnel is open: runs {@code onTunnel} (the next stage) on the loop, not from inside the
     * read that found the proxy's answer, since the next stage may switch the connection to TLS,
     * which reads through the loop's shared buffer that read is still using.
     */
    static void handOn(TcpConnection tcp, Runnable onTunnel) {
        tcp.loop.execute(() -> {
            if (!tcp.isClosed()) {
                onTunnel.run();
            }
        });
    }

    /** A connection's stage while the tunnel opens. */
    interface Stage extends Link.Stage {
        /** Sends the first request to the proxy; the stage is already the connection's. */
        void start();
    }
}
