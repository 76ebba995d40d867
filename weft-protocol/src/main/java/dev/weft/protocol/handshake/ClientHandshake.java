package dev.weft.protocol.handshake;

import dev.weft.protocol.internal.http.CookieSyntax;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;
import dev.weft.protocol.internal.http.TokenLists;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The client side of the opening handshake (RFC 6455 §4.1): builds the upgrade request with a
 * fresh random key and checks the server's response against it. Build one per connection
 * attempt with {@link #builder(URI)}.
 */
public final class ClientHandshake {
    private final RequestHead request;
    private final String key;
    private final List<String> subprotocols;
    private final List<ExtensionOffer> extensions;
    private final boolean acceptNoSubprotocol;

    private ClientHandshake(Builder b) {
        this.acceptNoSubprotocol = b.acceptNoSubprotocol;
        byte[] nonce = new byte[16];
        b.random.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.subprotocols = List.copyOf(b.subprotocols);
        this.extensions = List.copyOf(b.extensions);
        HttpFields.Builder f = HttpFields.builder()
                .add("Host", hostHeader(b.uri))
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add(HandshakeHeaders.KEY, key)
                .add(HandshakeHeaders.VERSION, Integer.toString(b.version));
        if (b.origin != null) {
            f.add(b.version == 8 ? HandshakeHeaders.ORIGIN_V8 : HandshakeHeaders.ORIGIN, b.origin);
        }
        if (!subprotocols.isEmpty()) {
            f.add(HandshakeHeaders.PROTOCOL, String.join(", ", subprotocols));
        }
        if (!extensions.isEmpty()) {
            f.add(HandshakeHeaders.EXTENSIONS, ExtensionHeader.format(extensions));
        }
        if (!b.cookies.isEmpty()) {
            StringBuilder cookie = new StringBuilder();
            b.cookies.forEach((name, value) ->
                    cookie.append(cookie.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            f.add("Cookie", cookie.toString());
        }
        f.addAll(b.headers);
        this.request = new RequestHead("GET", requestTarget(b.uri), "HTTP/1.1", f.build());
    }

    /**
     * A builder for a handshake to {@code uri}, a {@code ws://} or {@code wss://} URI.
     *
     * @param uri where to connect
     * @return a builder with version 13, no origin, no subprotocols, extensions or extra headers
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * The upgrade request to send.
     *
     * @return the request head, ready to encode and send
     */
    public RequestHead request() {
        return request;
    }

    /**
     * The {@code Sec-WebSocket-Key} sent.
     *
     * @return the base64 nonce this handshake sent, which the server's accept value must answer
     */
    public String key() {
        return key;
    }

    /**
     * Checks the server's response (§4.1, the client's checks 1–6).
     *
     * @param response the head of the server's answer
     * @return the subprotocol and extensions the server chose
     * @throws HandshakeException naming the first check that failed
     */
    public HandshakeResult validate(ResponseHead response) throws HandshakeException {
        HttpFields f = response.fields();
        if (response.status() != 101) {
            throw fail(HandshakeException.Reason.UNEXPECTED_STATUS,
                    "server answered " + response.status() + " " + response.reason(), response);
        }
        if (!f.hasToken("Upgrade", "websocket")) {
            throw fail(HandshakeException.Reason.BAD_UPGRADE, "Upgrade is " + f.first("Upgrade"), response);
        }
        if (!f.hasToken("Connection", "Upgrade")) {
            throw fail(HandshakeException.Reason.BAD_CONNECTION, "Connection is " + f.first("Connection"), response);
        }
        List<String> accepts = f.all(HandshakeHeaders.ACCEPT);
        if (accepts.size() != 1 || !accepts.get(0).equals(AcceptKey.of(key))) {
            throw fail(HandshakeException.Reason.BAD_ACCEPT, "Sec-WebSocket-Accept is " + accepts
                    + ", expected " + AcceptKey.of(key), response);
        }
        List<String> chosen = f.tokens(HandshakeHeaders.PROTOCOL);
        if (chosen.isEmpty() && !subprotocols.isEmpty() && !acceptNoSubprotocol) {
            // What browsers and ws do: an application that asked for a subprotocol would otherwise
            // speak it to a server that never agreed to.
            throw fail(HandshakeException.Reason.MISSING_SUBPROTOCOL,
                    "server chose no subprotocol; offered " + subprotocols, response);
        }
        if (chosen.size() > 1 || (chosen.size() == 1 && !subprotocols.contains(chosen.get(0)))) {
            throw fail(HandshakeException.Reason.UNEXPECTED_SUBPROTOCOL,
                    "server chose " + chosen + " from " + subprotocols, response);
        }
        List<ExtensionOffer> accepted;
        try {
            List<String> values = f.all(HandshakeHeaders.EXTENSIONS);
            accepted = values.isEmpty() ? List.of() : ExtensionHeader.parse(values);
        } catch (HttpParseException e) {
            throw fail(HandshakeException.Reason.UNEXPECTED_EXTENSION, e.getMessage(), response);
        }
        List<String> seen = new ArrayList<>();
        for (ExtensionOffer e : accepted) {
            if (extensions.stream().noneMatch(o -> o.name().equals(e.name())) || seen.contains(e.name())) {
                throw fail(HandshakeException.Reason.UNEXPECTED_EXTENSION,
                        "server accepted " + e.name() + (seen.contains(e.name()) ? " twice" : ", which was not offered"),
                        response);
            }
            seen.add(e.name());
        }
        return new HandshakeResult(chosen.isEmpty() ? null : chosen.get(0), accepted);
    }

    private static HandshakeException fail(HandshakeException.Reason reason, String message, ResponseHead r) {
        return new HandshakeException(reason, message, r);
    }

    /**
     * The {@code Host} value for {@code uri}: the host, bracketed if IPv6, and the port unless it is the default.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return the value for the {@code Host} header
     */
    public static String hostHeader(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = uri.getPort();
        boolean secure = isSecure(uri);
        if (port < 0 || port == (secure ? 443 : 80)) {
            return host;
        }
        return host + ":" + port;
    }

    /**
     * Whether {@code uri} is {@code wss://}; fails for a scheme other than ws and wss.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return true for {@code wss://}, false for {@code ws://}
     */
    public static boolean isSecure(URI uri) {
        String scheme = uri.getScheme();
        if ("wss".equalsIgnoreCase(scheme)) {
            return true;
        }
        if ("ws".equalsIgnoreCase(scheme)) {
            return false;
        }
        throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
    }

    /**
     * The request target for {@code uri}: its raw path, {@code /} if empty, and its raw query. A fragment is not sent (§3).
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return the request target to put in the request line
     */
    public static String requestTarget(URI uri) {
        String path = uri.getRawPath();
        String target = path == null || path.isEmpty() ? "/" : path;
        return uri.getRawQuery() == null ? target : target + "?" + uri.getRawQuery();
    }

    /** Collects the options of a client handshake. */
    public static final class Builder {
        private final URI uri;
        private int version = 13;
        private String origin;
        private List<String> subprotocols = List.of();
        private List<ExtensionOffer> extensions = List.of();
        private HttpFields headers = HttpFields.empty();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private Random random;
        private boolean acceptNoSubprotocol;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            isSecure(uri);
            hostHeader(uri);
        }

        /**
         * Whether a response that chooses none of the offered subprotocols is accepted; by
         * default it fails the handshake, as browsers and ws do.
         *
         * @param accept true to accept such a response (the connection then has no subprotocol)
         * @return this builder
         */
        public Builder acceptNoSubprotocol(boolean accept) {
            this.acceptNoSubprotocol = accept;
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
                throw new IllegalArgumentException("protocol version must be 13 or 8: " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * The origin to send, or {@code null} for none.
         *
         * @param origin an origin such as {@code https://example.com}, or {@code null}
         * @return this builder
         */
        public Builder origin(@Nullable String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Subprotocols to offer, most preferred first; each must be an HTTP token.
         *
         * @param subprotocols the names to offer, possibly empty
         * @return this builder
         */
        public Builder subprotocols(List<String> subprotocols) {
            for (String p : subprotocols) {
                if (!TokenLists.isToken(p)) {
                    throw new IllegalArgumentException("subprotocol is not a token: " + p);
                }
            }
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        /**
         * Extensions to offer, most preferred first.
         *
         * @param extensions the offers, possibly empty
         * @return this builder
         */
        public Builder extensions(List<ExtensionOffer> extensions) {
            this.extensions = List.copyOf(extensions);
            return this;
        }

        /**
         * Extra header fields to send.
         *
         * @param headers fields added to the request after weft's own
         * @return this builder
         */
        public Builder headers(HttpFields headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /**
         * A cookie to send, checked against RFC 6265 §4.1.1: the name a token, the value free
         * of spaces, quotes, commas, semicolons, backslashes and control characters.
         *
         * @param name the cookie's name, an HTTP token
         * @param value the cookie's value
         * @return this builder
         */
        public Builder cookie(String name, String value) {
            CookieSyntax.check(name, value);
            cookies.put(name, value);
            return this;
        }

        /**
         * The source of the key's randomness; a {@link SecureRandom} by default (§4.1 asks for a random nonce).
         *
         * @param random where the key's 16 bytes come from
         * @return this builder
         */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        /**
         * Builds the handshake, drawing a fresh key.
         *
         * @return the handshake, whose {@link ClientHandshake#request()} is ready to send
         */
        public ClientHandshake build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new ClientHandshake(this);
        }
    }
}
