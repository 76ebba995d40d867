package dev.weft.internal.transport;

import dev.weft.protocol.http.HeadLimits;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A SOCKS5 proxy (RFC 1928) to open a tunnel through, with username and password (RFC 1929) or
 * without authentication. The server's host name goes to the proxy as a name, so the proxy
 * resolves it (what {@code socks5h://} means to curl).
 *
 * @param proxyHost the proxy's host name or address
 * @param proxyPort the proxy's port
 * @param username  the username, or {@code null} for no authentication
 * @param password  the password, or {@code null}
 */
public record Socks5Tunnel(String proxyHost, int proxyPort, String username, String password) implements Tunnel {
    /** Checks the parts. */
    public Socks5Tunnel {
        Objects.requireNonNull(proxyHost, "proxyHost");
        if (proxyPort < 1 || proxyPort > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + proxyPort);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a SOCKS5 username needs a password, and the other way round");
        }
    }

    @Override
    public Tunnel.Stage stage(TcpConnection tcp, String host, int port, HeadLimits limits, CompletableFuture<?> result,
                             Runnable onTunnel, Timer timeout) {
        return new Socks5Stage(tcp, this, host, port, result, onTunnel, timeout);
    }

    /** Hides the credentials. */
    @Override
    public String toString() {
        return "Socks5Tunnel[" + proxyHost + ":" + proxyPort + (username != null ? ", with credentials]" : "]");
    }
}
