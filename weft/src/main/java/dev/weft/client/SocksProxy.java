package dev.weft.client;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.Objects;

/**
 * A SOCKS5 proxy for the client (RFC 1928), with or without a username and password (RFC
 * 1929). The server's host name is sent to the proxy as a name, so the proxy resolves it (DNS
 * from the proxy's side, as curl's {@code socks5h://}); TLS runs end to end through the tunnel.
 */
public final class SocksProxy {
    private final String host;
    private final int port;
    private final String username;
    private final String password;

    private SocksProxy(String host, int port, @Nullable String username, @Nullable String password) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /**
     * A proxy that wants no authentication.
     *
     * @param host the proxy's host name or address
     * @param port the proxy's port, often 1080
     * @return the proxy
     */
    public static SocksProxy of(String host, int port) {
        return new SocksProxy(host, port, null, null);
    }

    /**
     * A proxy from a URI: {@code socks5://[user:password@]host:port} (also {@code socks5h://};
     * the host name is always resolved by the proxy). Percent-escapes in the user part are decoded.
     *
     * @param uri the proxy's URI
     * @return the proxy
     * @throws IllegalArgumentException for another scheme or no host or port
     */
    public static SocksProxy of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("socks5") && !scheme.equals("socks5h")) {
            throw new IllegalArgumentException("a SOCKS5 proxy URI starts with socks5://, not " + uri);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("a SOCKS5 proxy URI needs a host and a port: " + uri);
        }
        SocksProxy p = of(uri.getHost(), uri.getPort());
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a SOCKS5 proxy's user part is user:password");
            }
            p = p.withCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }
        return p;
    }

    /**
     * A copy that authenticates with a username and password (RFC 1929).
     *
     * @param username at most 255 bytes of UTF-8
     * @param password at most 255 bytes of UTF-8
     * @return a new proxy; this one is unchanged
     */
    public SocksProxy withCredentials(String username, String password) {
        return new SocksProxy(host, port, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"));
    }

    /**
     * The proxy's host.
     *
     * @return the host name or address
     */
    public String host() {
        return host;
    }

    /**
     * The proxy's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The username, if any.
     *
     * @return the username, or null
     */
    public @Nullable String username() {
        return username;
    }

    /**
     * The password, if any.
     *
     * @return the password, or null
     */
    public @Nullable String password() {
        return password;
    }

    /** Hides the credentials. */
    @Override
    public String toString() {
        return "SocksProxy[" + host + ":" + port + (username != null ? ", with credentials]" : "]");
    }
}
