package dev.weft.client;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * An HTTP proxy for a client to reach its server through, with {@code CONNECT} tunnels: the
 * usual way out of a network that allows only proxied traffic. TLS for {@code wss://} runs
 * end to end through the tunnel, so the proxy sees the server's name and port and nothing else.
 * Immutable.
 *
 * <pre>{@code
 * ConnectOptions options = ConnectOptions.builder()
 *         .proxy(HttpProxy.of("proxy.example", 3128).withCredentials("user", "secret"))
 *         .build();
 * }</pre>
 */
public final class HttpProxy {
    private final String host;
    private final int port;
    private final String authorization;

    private HttpProxy(String host, int port, String authorization) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.authorization = authorization;
    }

    /**
     * The proxy at {@code host:port}, without credentials.
     *
     * @param host the proxy's host name or address
     * @param port the proxy's port, 1–65535
     * @return the proxy
     */
    public static HttpProxy of(String host, int port) {
        return new HttpProxy(host, port, null);
    }

    /**
     * The same proxy, sending these credentials with HTTP Basic authentication
     * ({@code Proxy-Authorization}, RFC 7617), as a proxy that answers 407 wants.
     *
     * @param username the user name, without a colon
     * @param password the password
     * @return a new proxy description; this one is unchanged
     */
    public HttpProxy withCredentials(String username, String password) {
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic user name cannot contain ':'");
        }
        String pair = username + ":" + Objects.requireNonNull(password, "password");
        return new HttpProxy(host, port, "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The proxy's host name or address.
     *
     * @return the host
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
     * The {@code Proxy-Authorization} value sent, or {@code null} without credentials.
     *
     * @return the header value, or {@code null}
     */
    public @Nullable String authorization() {
        return authorization;
    }

    /** The proxy's address; never the credentials. */
    @Override
    public String toString() {
        return "HttpProxy[" + host + ":" + port + (authorization != null ? ", with credentials]" : "]");
    }
}
