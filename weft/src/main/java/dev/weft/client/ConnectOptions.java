package dev.weft.client;

import dev.weft.TlsConfig;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.http.HttpFields;
import org.jspecify.annotations.Nullable;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-connection choices of a client: subprotocols and extensions to offer (permessage-deflate
 * by default), extra headers and cookies, the origin, the protocol version, TLS, an HTTP proxy,
 * and the connect timeout. Immutable; build with {@link #builder()}.
 */
public final class ConnectOptions {
    /** Shared by every connection that keeps the default, so they share its pool of zlib contexts. */
    private static final PerMessageDeflate DEFAULT_DEFLATE = PerMessageDeflate.defaults();

    private static final ConnectOptions DEFAULTS = builder().build();

    private final List<String> subprotocols;
    private final HttpFields headers;
    private final Map<String, String> cookies;
    private final String origin;
    private final int version;
    private final Duration connectTimeout;
    private final TlsConfig tls;
    private final List<ClientExtensionFactory> extensions;
    private final HttpProxy proxy;
    private final ProxySelector proxySelector;
    private final boolean acceptNoSubprotocol;
    private final boolean keepHandshakeResponse;
    private final java.net.InetSocketAddress localAddress;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final SocksProxy socksProxy;
    private final ReconnectPolicy reconnect;

    private ConnectOptions(Builder b) {
        this.reconnect = b.reconnect;
        this.socksProxy = b.socksProxy;
        this.followRedirects = b.followRedirects;
        this.maxRedirects = b.maxRedirects;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.headers = b.headers.build();
        this.cookies = Map.copyOf(b.cookies);
        this.origin = b.origin;
        this.version = b.version;
        this.connectTimeout = b.connectTimeout;
        this.tls = b.tls;
        this.extensions = List.copyOf(b.extensions);
        this.proxy = b.proxy;
        this.proxySelector = b.proxySelector;
        this.acceptNoSubprotocol = b.acceptNoSubprotocol;
        this.keepHandshakeResponse = b.keepHandshakeResponse;
        this.localAddress = b.localAddress;
    }

    /** A copy with other headers and cookies, the rest the same. */
    private ConnectOptions(ConnectOptions o, HttpFields headers, Map<String, String> cookies) {
        this.subprotocols = o.subprotocols;
        this.headers = headers;
        this.cookies = cookies;
        this.origin = o.origin;
        this.version = o.version;
        this.connectTimeout = o.connectTimeout;
        this.tls = o.tls;
        this.extensions = o.extensions;
        this.proxy = o.proxy;
        this.proxySelector = o.proxySelector;
        this.acceptNoSubprotocol = o.acceptNoSubprotocol;
        this.keepHandshakeResponse = o.keepHandshakeResponse;
        this.localAddress = o.localAddress;
        this.followRedirects = o.followRedirects;
        this.maxRedirects = o.maxRedirects;
        this.socksProxy = o.socksProxy;
        this.reconnect = o.reconnect;
    }

    /**
     * How the connection reconnects, if it does.
     *
     * @return the policy, or null (the default) for a connection that ends when it closes
     */
    public @Nullable ReconnectPolicy reconnect() {
        return reconnect;
    }

    /**
     * The SOCKS5 proxy connections go through, if one was given.
     *
     * @return the proxy, or null
     */
    public @Nullable SocksProxy socksProxy() {
        return socksProxy;
    }

    /** These options without what is for the original host alone: {@code Authorization} and the cookies. */
    ConnectOptions withoutCredentials() {
        HttpFields.Builder kept = HttpFields.builder();
        for (HttpFields.Field f : headers.asList()) {
            if (!f.name().equalsIgnoreCase("Authorization") && !f.name().equalsIgnoreCase("Cookie")) {
                kept.add(f.name(), f.value());
            }
        }
        return new ConnectOptions(this, kept.build(), Map.of());
    }

    /**
     * Whether the client follows an HTTP redirect of its upgrade request.
     *
     * @return false by default
     */
    public boolean followRedirects() {
        return followRedirects;
    }

    /**
     * The most redirects followed for one connection.
     *
     * @return 10 by default
     */
    public int maxRedirects() {
        return maxRedirects;
    }

    /**
     * No subprotocols, no extra headers, no origin, version 13, a 10 s connect timeout.
     *
     * @return the default options
     */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Subprotocols to offer, most preferred first.
     *
     * @return the names, possibly empty
     */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /**
     * Whether the server's 101 response stays readable after onOpen ({@link dev.weft.WebSocket#handshakeResponse()}).
     *
     * @return false by default
     */
    public boolean keepHandshakeResponse() {
        return keepHandshakeResponse;
    }

    /**
     * The local address the socket is bound to before it connects.
     *
     * @return the address, or null for the operating system's choice
     */
    public java.net.@Nullable InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Whether a server that chooses none of the offered subprotocols is accepted.
     *
     * @return false (the default): such a handshake fails
     */
    public boolean acceptNoSubprotocol() {
        return acceptNoSubprotocol;
    }

    /**
     * Extra request headers.
     *
     * @return the fields added to the upgrade request after weft's own
     */
    public HttpFields headers() {
        return headers;
    }

    /**
     * Cookies to send.
     *
     * @return the cookies by name, in the order they were added
     */
    public Map<String, String> cookies() {
        return cookies;
    }

    /**
     * The origin to send, or {@code null}.
     *
     * @return the origin, or {@code null} to send none
     */
    public @Nullable String origin() {
        return origin;
    }

    /**
     * The protocol version: 13 or 8.
     *
     * @return 13 or 8
     */
    public int version() {
        return version;
    }

    /**
     * How long the TCP connect may take.
     *
     * @return the timeout for the TCP connect (the whole opening handshake has its own)
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The extensions to offer, in order: permessage-deflate with its defaults unless set.
     *
     * @return the extension factories, possibly empty
     */
    public List<ClientExtensionFactory> extensions() {
        return extensions;
    }

    /**
     * TLS settings for {@code wss://}; {@link TlsConfig#defaultClient()} unless set.
     *
     * @return the TLS configuration
     */
    public TlsConfig tls() {
        return tls != null ? tls : TlsConfig.defaultClient();
    }

    /**
     * The HTTP proxy to reach {@code uri} through, or {@code null} to connect directly: the one
     * set with {@link Builder#proxy(HttpProxy)}, or the first HTTP proxy the
     * {@link Builder#proxy(ProxySelector) selector} names for the URI (asked as
     * {@code http://host:port} for {@code ws://} and {@code https://host:port} for
     * {@code wss://}, which is how the JDK's selector reads {@code http.proxyHost} and
     * {@code https.proxyHost}). A selector that names only SOCKS proxies or none means direct.
     *
     * @param uri the {@code ws://} or {@code wss://} URI being connected to
     * @return the proxy, or {@code null} to connect directly
     */
    public @Nullable HttpProxy proxyFor(URI uri) {
        if (proxy != null || proxySelector == null) {
            return proxy;
        }
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
        URI asHttp = URI.create((secure ? "https://" : "http://") + uri.getHost() + ":" + port);
        for (Proxy p : proxySelector.select(asHttp)) {
            if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress a) {
                return HttpProxy.of(a.getHostString(), a.getPort());
            }
        }
        return null;
    }

    /** Collects connect options. */
    public static final class Builder {
        private List<String> subprotocols = List.of();
        private final HttpFields.Builder headers = HttpFields.builder();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private String origin;
        private int version = 13;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private TlsConfig tls;
        private List<ClientExtensionFactory> extensions = List.of(DEFAULT_DEFLATE);
        private HttpProxy proxy;
        private ProxySelector proxySelector;
        private boolean acceptNoSubprotocol;
        private boolean keepHandshakeResponse;
        private java.net.InetSocketAddress localAddress;
        private boolean followRedirects;
        private int maxRedirects = 10;
        private SocksProxy socksProxy;
        private ReconnectPolicy reconnect;

        private Builder() {
        }

        /**
         * Connects through this HTTP proxy (a {@code CONNECT} tunnel); replaces any selector.
         *
         * @param proxy the proxy, or {@code null} to connect directly
         * @return this builder
         */
        public Builder proxy(@Nullable HttpProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy);
            this.proxySelector = null;
            this.socksProxy = null;
            return this;
        }

        /**
         * Asks this selector for a proxy on each connect, such as {@link ProxySelector#getDefault()}
         * to follow the JVM's proxy settings; replaces any fixed proxy. See {@link #proxyFor}.
         *
         * @param selector the selector to ask, or {@code null} to connect directly
         * @return this builder
         */
        public Builder proxy(@Nullable ProxySelector selector) {
            this.proxySelector = Objects.requireNonNull(selector);
            this.proxy = null;
            this.socksProxy = null;
            return this;
        }

        /**
         * The extensions to offer, most preferred first (permessage-deflate with its defaults
         * unless set); none to turn compression off.
         *
         * @param factories the extensions, possibly none
         * @return this builder
         */
        public Builder extensions(ClientExtensionFactory... factories) {
            this.extensions = List.of(factories);
            return this;
        }

        /**
         * TLS settings for {@code wss://}: trusted authorities, client certificate, or (for tests) {@link TlsConfig#insecureClient()}.
         *
         * @param tls the TLS configuration
         * @return this builder
         */
        public Builder tls(TlsConfig tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /**
         * Reconnects by {@code policy} when the connection is lost or cannot be made: the
         * {@code connect} future then completes with a stable handle for every connection made
         * under it (see {@link ReconnectPolicy}). Off by default.
         *
         * @param policy when and how to reconnect, or null for a connection that ends when it closes
         * @return this builder
         */
        public Builder reconnect(@Nullable ReconnectPolicy policy) {
            this.reconnect = policy;
            return this;
        }

        /**
         * Connects through a SOCKS5 proxy (RFC 1928/1929) instead of directly; replaces an HTTP
         * proxy or selector. The proxy resolves the server's name, and TLS runs end to end.
         *
         * @param socks the proxy, or {@code null} to connect directly
         * @return this builder
         */
        public Builder proxy(@Nullable SocksProxy socks) {
            this.socksProxy = socks;
            if (socks != null) {
                this.proxy = null;
                this.proxySelector = null;
            }
            return this;
        }

        /**
         * Follows redirects of the upgrade request (ws's {@code followRedirects}): 301, 302, 303,
         * 307 and 308 with a {@code Location} are followed, {@code http(s)} locations taken as
         * {@code ws(s)}, relative ones resolved against the request; {@code Authorization} and
         * cookies are dropped once a redirect leaves the original host and port. A loop, more
         * than {@link #maxRedirects} or a location that is no WebSocket URI fails the connect
         * with {@link dev.weft.WebSocketConnectException.Reason#REDIRECT} and the chain of
         * locations. Off by default: a redirect then fails as any other refusal (HANDSHAKE with
         * its status).
         *
         * @param follow true to follow redirects
         * @return this builder
         */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /**
         * The most redirects followed for one connection (ws's {@code maxRedirects}).
         *
         * @param max at least 1; 10 by default
         * @return this builder
         */
        public Builder maxRedirects(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRedirects must be at least 1, got " + max);
            }
            this.maxRedirects = max;
            return this;
        }

        /**
         * Keeps the server's 101 response readable for the connection's life; by default it is
         * let go when onOpen returns, so idle connections do not carry it.
         *
         * @param keep true to keep it
         * @return this builder
         */
        public Builder keepHandshakeResponse(boolean keep) {
            this.keepHandshakeResponse = keep;
            return this;
        }

        /**
         * Binds the socket to this local address before connecting (a source interface or port),
         * as ws's {@code localAddress}.
         *
         * @param address the local address (port 0 for any), or null for the operating system's choice
         * @return this builder
         */
        public Builder localAddress(java.net.@Nullable InetSocketAddress address) {
            this.localAddress = address;
            return this;
        }

        /**
         * Accepts a server that chooses none of the offered subprotocols. By default such a
         * handshake fails with {@link dev.weft.WebSocketConnectException.Reason#HANDSHAKE}
         * ("server chose no subprotocol"), as in browsers and ws.
         *
         * @param accept true to accept it (the connection's subprotocol is then null)
         * @return this builder
         */
        public Builder acceptNoSubprotocol(boolean accept) {
            this.acceptNoSubprotocol = accept;
            return this;
        }

        /**
         * Subprotocols to offer, most preferred first.
         *
         * @param names subprotocol names, each an HTTP token
         * @return this builder
         */
        public Builder subprotocols(String... names) {
            this.subprotocols = List.of(names);
            return this;
        }

        /**
         * An extra request header.
         *
         * @param name the field's name, an HTTP token
         * @param value the field's value, without CR or LF
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * A cookie to send.
         *
         * @param name the cookie's name, an HTTP token
         * @param value the cookie's value, as RFC 6265 allows it
         * @return this builder
         */
        public Builder cookie(String name, String value) {
            cookies.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * The origin to send (browsers always send one; other clients may).
         *
         * @param origin an origin such as {@code https://example.com}, or {@code null} for none
         * @return this builder
         */
        public Builder origin(@Nullable String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Protocol version 13 (the default) or 8.
         *
         * @param version 13 or 8
         * @return this builder
         */
        public Builder version(int version) {
            if (version != 13 && version != 8) {
                throw new IllegalArgumentException("version must be 13 or 8: " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * The TCP connect timeout.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options, immutable
         */
        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
