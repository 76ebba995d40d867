package dev.weft.client;

import dev.weft.TlsConfig;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.http.HttpFields;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-connection choices of a client: subprotocols and extensions to offer (permessage-deflate
 * by default), extra headers and cookies, the origin, the protocol version, TLS, and the connect
 * timeout. Immutable; build with {@link #builder()}.
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

    private ConnectOptions(Builder b) {
        this.subprotocols = List.copyOf(b.subprotocols);
        this.headers = b.headers.build();
        this.cookies = Map.copyOf(b.cookies);
        this.origin = b.origin;
        this.version = b.version;
        this.connectTimeout = b.connectTimeout;
        this.tls = b.tls;
        this.extensions = List.copyOf(b.extensions);
    }

    /** No subprotocols, no extra headers, no origin, version 13, a 10 s connect timeout. */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Subprotocols to offer, most preferred first. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Extra request headers. */
    public HttpFields headers() {
        return headers;
    }

    /** Cookies to send. */
    public Map<String, String> cookies() {
        return cookies;
    }

    /** The origin to send, or {@code null}. */
    public String origin() {
        return origin;
    }

    /** The protocol version: 13 or 8. */
    public int version() {
        return version;
    }

    /** How long the TCP connect may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The extensions to offer, in order: permessage-deflate with its defaults unless set. */
    public List<ClientExtensionFactory> extensions() {
        return extensions;
    }

    /** TLS settings for {@code wss://}; {@link TlsConfig#defaultClient()} unless set. */
    public TlsConfig tls() {
        return tls != null ? tls : TlsConfig.defaultClient();
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

        private Builder() {
        }

        /**
         * The extensions to offer, most preferred first (permessage-deflate with its defaults
         * unless set); none to turn compression off.
         */
        public Builder extensions(ClientExtensionFactory... factories) {
            this.extensions = List.of(factories);
            return this;
        }

        /** TLS settings for {@code wss://}: trusted authorities, client certificate, or (for tests) {@link TlsConfig#insecureClient()}. */
        public Builder tls(TlsConfig tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /** Subprotocols to offer, most preferred first. */
        public Builder subprotocols(String... names) {
            this.subprotocols = List.of(names);
            return this;
        }

        /** An extra request header. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** A cookie to send. */
        public Builder cookie(String name, String value) {
            cookies.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** The origin to send (browsers always send one; other clients may). */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /** Protocol version 13 (the default) or 8. */
        public Builder version(int version) {
            if (version != 13 && version != 8) {
                throw new IllegalArgumentException("version must be 13 or 8: " + version);
            }
            this.version = version;
            return this;
        }

        /** The TCP connect timeout. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Builds the options. */
        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
