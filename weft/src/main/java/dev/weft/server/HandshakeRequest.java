package dev.weft.server;

import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.internal.transport.ContainerContext;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import org.jspecify.annotations.Nullable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * A valid WebSocket upgrade request, as a {@link HandshakeInterceptor} sees it before the
 * server answers.
 */
public final class HandshakeRequest {
    private final UpgradeRequest upgrade;
    private final InetSocketAddress remote;
    private final InetAddress client;
    private final Map<String, String> pathParameters;
    private Map<String, String> cookies;
    private final boolean secure;
    private final ContainerContext container;

    HandshakeRequest(UpgradeRequest upgrade, InetSocketAddress remote, InetAddress client, Map<String, String> pathParameters,
                     boolean secure, ContainerContext container) {
        this.secure = secure;
        this.container = container;
        this.upgrade = upgrade;
        this.remote = remote;
        this.client = client;
        this.pathParameters = Map.copyOf(pathParameters);
    }

    /**
     * The request head as received.
     *
     * @return the head
     */
    public RequestHead head() {
        return upgrade.head();
    }

    /**
     * The method: always {@code GET} for a valid upgrade.
     *
     * @return the method
     */
    public String method() {
        return upgrade.head().method();
    }

    /**
     * The path, still percent-encoded.
     *
     * @return the path
     */
    public String path() {
        return upgrade.head().path();
    }

    /**
     * The query string after {@code ?}, still percent-encoded, or {@code null}.
     *
     * @return the query, or {@code null}
     */
    public @Nullable String query() {
        return upgrade.head().query();
    }

    /**
     * The request's header fields.
     *
     * @return the fields, in the order they arrived
     */
    public HttpFields headers() {
        return upgrade.head().fields();
    }

    /**
     * The origin the client sent ({@code Origin}, or {@code Sec-WebSocket-Origin} for version 8), or {@code null}.
     *
     * @return the origin, or {@code null}
     */
    public @Nullable String origin() {
        return upgrade.origin();
    }

    /**
     * The subprotocols offered, most preferred first.
     *
     * @return the names, possibly empty
     */
    public List<String> subprotocols() {
        return upgrade.subprotocols();
    }

    /**
     * The extensions offered, in order.
     *
     * @return the offers, possibly empty
     */
    public List<ExtensionOffer> extensions() {
        return upgrade.extensions();
    }

    /**
     * The protocol version: 13, 8, or 75 / 76 for the legacy drafts when the server accepts them.
     *
     * @return 13, 8, 75 or 76
     */
    public int version() {
        return upgrade.version();
    }

    /**
     * The TCP peer's address (a proxy's, if there is one in front).
     *
     * @return the address of the TCP peer
     */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /**
     * The client's address: the TCP peer's, unless the peer is one of the server's
     * {@link TrustedProxies}, in which case the nearest untrusted hop its {@code Forwarded} or
     * {@code X-Forwarded-For} header names.
     *
     * @return the client's address
     */
    public InetAddress clientAddress() {
        return client;
    }

    /**
     * The values of the endpoint path's named segments, such as {@code room} for {@code /rooms/{room}}.
     *
     * @return the values by segment name; empty for an endpoint without named segments
     */
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /**
     * The cookies the client sent (RFC 6265), by name.
     *
     * @return the cookies by name; empty if none were sent
     */
    public Map<String, String> cookies() {
        if (cookies == null) {
            cookies = Cookies.parse(headers().all("Cookie"));
        }
        return cookies;
    }

    UpgradeRequest upgrade() {
        return upgrade;
    }

    @Override
    public String toString() {
        return "HandshakeRequest[" + head().target() + " from " + remote + "]";
    }

    /**
     * Whether the request came over TLS ({@code wss://}) to this server. A TLS-terminating proxy
     * in front makes this false; its {@code X-Forwarded-Proto} or {@code Forwarded} header (from
     * a {@linkplain TrustedProxies trusted} proxy) is what tells then.
     *
     * @return true on the server's TLS port
     */
    public boolean isSecure() {
        return secure;
    }

    /**
     * The user a servlet container's security (Spring Security, container authentication)
     * authenticated for this request, when weft runs inside one ({@code weft-servlet}); always
     * {@code null} on weft's own server, where an interceptor authenticates from the headers.
     *
     * @return the authenticated user, or {@code null}
     */
    public @Nullable Principal userPrincipal() {
        return container.principal();
    }

    /**
     * The servlet request's attributes as they were when the request reached weft (filters put
     * what they learned there), when weft runs inside a container; empty on weft's own server.
     *
     * @return the attributes by name, unmodifiable
     */
    public Map<String, Object> attributes() {
        return container.attributes();
    }
}
