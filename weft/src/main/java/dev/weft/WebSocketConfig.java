package dev.weft;

import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.http.HeadLimits;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Everything a connection is configured with, shared by servers, clients and their
 * connections. Immutable and validated when built; start from {@link #defaults()} or
 * {@link #builder()}. Every limit has a default that a server facing the open internet can keep.
 */
public final class WebSocketConfig {
    private static final WebSocketConfig DEFAULTS = builder().build();

    private final ProtocolLimits limits;
    private final HeadLimits headLimits;
    private final boolean assembleFragments;
    private final boolean lendBinaryMessages;
    private final boolean autoPong;
    private final int maxQueuedPongs;
    private final int fragmentSize;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final long maxOutboundBytes;
    private final long highWatermark;
    private final long lowWatermark;
    private final Executor executor;
    private final Duration keepAliveInterval;
    private final Duration keepAliveTimeout;
    private final Duration idleTimeout;
    private final Ticker ticker;
    private final int socketSendBuffer;
    private final boolean tcpNoDelay;
    private final boolean tcpKeepAlive;

    private WebSocketConfig(Builder b) {
        this.limits = b.limits.build();
        this.headLimits = b.headLimits;
        this.assembleFragments = b.assembleFragments;
        this.lendBinaryMessages = b.lendBinaryMessages;
        this.autoPong = b.autoPong;
        this.maxQueuedPongs = b.maxQueuedPongs;
        this.fragmentSize = b.fragmentSize;
        this.handshakeTimeout = b.handshakeTimeout;
        this.closeTimeout = b.closeTimeout;
        this.maxOutboundBytes = b.maxOutboundBytes;
        this.highWatermark = b.highWatermark;
        this.lowWatermark = b.lowWatermark;
        this.executor = b.executor;
        this.keepAliveInterval = b.keepAliveInterval;
        this.keepAliveTimeout = b.keepAliveTimeout;
        this.idleTimeout = b.idleTimeout;
        this.ticker = b.ticker;
        this.socketSendBuffer = b.socketSendBuffer;
        this.tcpNoDelay = b.tcpNoDelay;
        this.tcpKeepAlive = b.tcpKeepAlive;
        if (lowWatermark > highWatermark || highWatermark > maxOutboundBytes) {
            throw new IllegalArgumentException("need lowWatermark <= highWatermark <= maxOutboundBytes, got "
                    + lowWatermark + ", " + highWatermark + ", " + maxOutboundBytes);
        }
    }

    /**
     * The defaults described on each getter.
     *
     * @return the default configuration
     */
    public static WebSocketConfig defaults() {
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
     * Frame and message limits on what the peer sends: 16 MiB each by default.
     *
     * @return the protocol limits
     */
    public ProtocolLimits limits() {
        return limits;
    }

    /**
     * Limits on the HTTP head of the opening handshake: 8 KiB and 100 fields by default.
     *
     * @return the head limits
     */
    public HeadLimits headLimits() {
        return headLimits;
    }

    /**
     * Whether pings are answered with a pong at once, or left to the application.
     *
     * @return true (the default): weft answers every ping
     */
    public boolean autoPong() {
        return autoPong;
    }

    /**
     * How many of weft's answers to pings may wait unwritten at once; see
     * {@link Builder#maxQueuedPongs}.
     *
     * @return the count (64 by default)
     */
    public int maxQueuedPongs() {
        return maxQueuedPongs;
    }

    /**
     * Whether messages are delivered whole (the default) or part by part.
     *
     * @return true if messages are assembled before delivery
     */
    public boolean assembleFragments() {
        return assembleFragments;
    }

    /**
     * Whether binary messages are lent to the listener for its call rather than given to it.
     *
     * @return true if {@link Builder#lendBinaryMessages(boolean)} turned lending on
     */
    public boolean lendBinaryMessages() {
        return lendBinaryMessages;
    }

    /**
     * The largest frame weft sends; longer messages are fragmented. Unlimited by default.
     *
     * @return the largest payload of a sent frame, in bytes; {@link Integer#MAX_VALUE} when
     *     unlimited
     */
    public int fragmentSize() {
        return fragmentSize;
    }

    /**
     * How long the opening handshake may take, from TCP accept or connect: 10 s by default.
     *
     * @return the handshake timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * The kernel's send buffer for each connection's socket ({@code SO_SNDBUF}), or 0 (the
     * default) to leave it to the operating system, which on Linux grows it up to
     * {@code net.ipv4.tcp_wmem}'s maximum (4 MiB) while a peer does not read.
     *
     * @return bytes, or 0 for the operating system's choice
     */
    public int socketSendBuffer() {
        return socketSendBuffer;
    }

    /**
     * Whether connections' sockets send small writes at once ({@code TCP_NODELAY}, Nagle's
     * algorithm off).
     *
     * @return true by default
     */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /**
     * Whether connections' sockets have TCP keepalive on ({@code SO_KEEPALIVE}; WebSocket-Node's
     * {@code useNativeKeepalive}): the kernel probes an idle peer, at intervals the operating
     * system sets (two hours on Linux unless tuned), beside weft's own ping keepalive.
     *
     * @return false by default
     */
    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    /**
     * How long to wait for the peer's close frame, or a client for the server's TCP close: 10 s by default.
     *
     * @return the close timeout
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * The hard cap on queued outgoing bytes per connection; a send beyond it fails. 32 MiB by default.
     *
     * @return the cap in bytes
     */
    public long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    /**
     * Above this many queued bytes a connection is not writable: 1 MiB by default.
     *
     * @return the high watermark in bytes
     */
    public long highWatermark() {
        return highWatermark;
    }

    /**
     * Below this many queued bytes a connection that was not writable becomes writable again: 256 KiB by default.
     *
     * @return the low watermark in bytes
     */
    public long lowWatermark() {
        return lowWatermark;
    }

    /**
     * Where listener callbacks run, or {@code null} (the default) for the connection's loop thread.
     *
     * @return the executor, or {@code null}
     */
    public @Nullable Executor executor() {
        return executor;
    }

    /**
     * How often to ping the peer: as set, or by default off (zero) on a server and every 20 s
     * on a client, where a connection through NATs and proxies is most often silently dropped.
     *
     * @param role the side of the connection the interval is for
     * @return the keepalive interval; zero when keepalive is off
     */
    public Duration keepAliveInterval(dev.weft.protocol.Role role) {
        if (keepAliveInterval != null) {
            return keepAliveInterval;
        }
        return role == dev.weft.protocol.Role.CLIENT ? Duration.ofSeconds(20) : Duration.ZERO;
    }

    /**
     * How long after a keepalive ping some sign of life must arrive before the peer is dropped: 10 s by default.
     *
     * @return the keepalive timeout
     */
    public Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    /**
     * After how long without traffic either way a connection is closed with 1001; zero (the default) for never.
     *
     * @return the idle timeout; zero for none
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * The clock the timeouts run on: the system's unless a test set its own.
     *
     * @return the ticker
     */
    public Ticker ticker() {
        return ticker;
    }

    /**
     * A builder holding these settings, to change some of them.
     *
     * @return a builder holding these settings
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.limits = ProtocolLimits.builder().maxMessageSize(limits.maxMessageSize()).maxFrameSize(limits.maxFrameSize())
                .fragmentCost(limits.fragmentCost()).oversizedMessages(limits.oversizedMessages());
        b.headLimits = headLimits;
        b.assembleFragments = assembleFragments;
        b.lendBinaryMessages = lendBinaryMessages;
        b.autoPong = autoPong;
        b.maxQueuedPongs = maxQueuedPongs;
        b.fragmentSize = fragmentSize;
        b.handshakeTimeout = handshakeTimeout;
        b.closeTimeout = closeTimeout;
        b.maxOutboundBytes = maxOutboundBytes;
        b.highWatermark = highWatermark;
        b.lowWatermark = lowWatermark;
        b.executor = executor;
        b.keepAliveInterval = keepAliveInterval;
        b.keepAliveTimeout = keepAliveTimeout;
        b.idleTimeout = idleTimeout;
        b.ticker = ticker;
        b.socketSendBuffer = socketSendBuffer;
        b.tcpNoDelay = tcpNoDelay;
        b.tcpKeepAlive = tcpKeepAlive;
        return b;
    }

    /** Builds a {@link WebSocketConfig}. */
    public static final class Builder {
        private ProtocolLimits.Builder limits = ProtocolLimits.builder();
        private HeadLimits headLimits = HeadLimits.DEFAULTS;
        private boolean assembleFragments = true;
        private boolean lendBinaryMessages;
        private boolean autoPong = true;
        private int maxQueuedPongs = 64;
        private int fragmentSize = Integer.MAX_VALUE;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private long maxOutboundBytes = 32L * 1024 * 1024;
        private long highWatermark = 1024 * 1024;
        private long lowWatermark = 256 * 1024;
        private Executor executor;
        private Duration keepAliveInterval;
        private Duration keepAliveTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Ticker ticker = Ticker.system();
        private int socketSendBuffer;
        private boolean tcpNoDelay = true;
        private boolean tcpKeepAlive;

        private Builder() {
        }

        /**
         * Sends small writes at once ({@code TCP_NODELAY}); on by default, as a message-oriented
         * protocol wants. Off lets the kernel coalesce small writes (Nagle's algorithm).
         *
         * @param on false to let the kernel delay small writes
         * @return this builder
         */
        public Builder tcpNoDelay(boolean on) {
            this.tcpNoDelay = on;
            return this;
        }

        /**
         * Turns TCP keepalive on for every connection's socket ({@code SO_KEEPALIVE}), as
         * WebSocket-Node's {@code useNativeKeepalive}; off by default ({@link #keepAlive} pings
         * are weft's own, and see what a proxy does not).
         *
         * @param on true for TCP keepalive
         * @return this builder
         */
        public Builder tcpKeepAlive(boolean on) {
            this.tcpKeepAlive = on;
            return this;
        }

        /**
         * Fixes the kernel's send buffer of every connection's socket ({@code SO_SNDBUF}). Left
         * alone, Linux grows it to 4 MiB for a peer that does not read, on top of weft's own
         * queue; a server with many slow subscribers may want less, so that its watermarks
         * (and a topic's slow-subscriber policy) take effect sooner and the kernel holds less.
         * Fixing it turns the kernel's autotuning off for those sockets.
         *
         * @param bytes the buffer size, or 0 to leave it to the operating system
         * @return this builder
         */
        public Builder socketSendBuffer(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("socketSendBuffer must not be negative, got " + bytes);
            }
            this.socketSendBuffer = bytes;
            return this;
        }

        /**
         * Pings the peer every {@code interval} and drops it if nothing arrives within
         * {@code timeout} of a ping. {@code Duration.ZERO} turns keepalive off.
         *
         * @param interval how often to ping; zero for never
         * @param timeout how long to wait for a sign of life after each ping
         * @return this builder
         */
        public Builder keepAlive(Duration interval, Duration timeout) {
            if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("keepAlive needs interval >= 0 and timeout > 0");
            }
            this.keepAliveInterval = interval;
            this.keepAliveTimeout = timeout;
            return this;
        }

        /**
         * Closes a connection (1001) after this long without traffic either way; zero for never.
         *
         * @param timeout the idle time allowed; zero for none
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * The clock the timeouts (handshake, close, idle, keepalive, memory wait) run on; the
         * system's by default. Servers and clients read it from the configuration they are
         * created with, for all their connections.
         *
         * @param ticker the clock, such as a test's that it moves forward by hand
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * The largest message accepted from the peer; bigger ones fail the connection with 1009.
         *
         * @param bytes the limit, more than zero
         * @return this builder
         */
        public Builder maxMessageSize(int bytes) {
            limits.maxMessageSize(bytes);
            return this;
        }

        /**
         * The largest frame accepted from the peer; defaults to the message limit.
         *
         * @param bytes the limit, more than zero and no more than the message limit
         * @return this builder
         */
        public Builder maxFrameSize(int bytes) {
            limits.maxFrameSize(bytes);
            return this;
        }

        /**
         * What happens to a message from the peer over the message or frame limit:
         * {@link dev.weft.protocol.OversizedMessages#CLOSE} (1009, the default) or
         * {@link dev.weft.protocol.OversizedMessages#DISCARD}: the message is read and dropped
         * without being held, the connection goes on, the drop is logged at DEBUG and counted in
         * {@code memoryStats().oversizedDiscards()}. Compressed messages over the limit, and frames
         * over it when fragments are passed through, still close with 1009 (see
         * {@link dev.weft.protocol.OversizedMessages#DISCARD} for why). Per endpoint with
         * {@code Endpoint.withConfig}.
         *
         * @param policy close or discard
         * @return this builder
         */
        public Builder oversizedMessages(dev.weft.protocol.OversizedMessages policy) {
            limits.oversizedMessages(policy);
            return this;
        }

        /**
         * Bytes charged per continuation frame against the message limit (64 by default).
         *
         * @param bytes the charge, zero or more
         * @return this builder
         */
        public Builder fragmentCost(int bytes) {
            limits.fragmentCost(bytes);
            return this;
        }

        /**
         * Limits on the opening handshake's HTTP head.
         *
         * @param headLimits the limits
         * @return this builder
         */
        public Builder headLimits(HeadLimits headLimits) {
            this.headLimits = Objects.requireNonNull(headLimits);
            return this;
        }

        /**
         * Whether a ping is answered with a pong at once (the default, as RFC 6455 asks); false
         * leaves the answer to the application, which sees every ping in
         * {@link WebSocketListener#onPing} either way and answers with {@link WebSocket#pong}
         * (ws's {@code autoPong: false}).
         *
         * @param on false to answer pings yourself
         * @return this builder
         */
        public Builder autoPong(boolean on) {
            this.autoPong = on;
            return this;
        }

        /**
         * How many of weft's own answers to pings may wait unwritten at once (64 by default).
         * While that many wait, a further ping is not answered at once: only the latest such ping
         * is, once the waiting answers are written, as RFC 6455 §5.5.3 allows. A burst of pings
         * from a peer that reads gets every answer up to this count; a peer that pings without
         * reading can make the connection queue no more than this many pongs.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder maxQueuedPongs(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxQueuedPongs must be at least 1, got " + count);
            }
            this.maxQueuedPongs = count;
            return this;
        }

        /**
         * Whether to deliver whole messages (true, the default) or parts as they arrive.
         *
         * @param assemble false to have {@link WebSocketListener#onFragment} called for each part
         * @return this builder
         */
        public Builder assembleFragments(boolean assemble) {
            this.assembleFragments = assemble;
            return this;
        }

        /**
         * Lends binary messages to {@link WebSocketListener#onBinary} instead of giving them
         * away, for servers that pass bytes on (echoes, relays, fan-out of binary frames): each
         * message sent as one frame arrives in a direct buffer (pooled up to 1 MiB) that is valid only until
         * {@code onBinary} returns. Sending that very buffer with {@link WebSocket#sendBinary}
         * during the call takes it over: it is written to the socket without being copied and
         * goes back to the pool once written, so a relay allocates nothing per message. Do not
         * keep the buffer, a slice or a duplicate of it, or hand any of them to another thread:
         * copy what you keep. Has no effect when callbacks run on an {@link #executor} (those
         * get a copy of their own).
         *
         * <p>Off by default: every buffer a listener gets is its own to keep.
         *
         * @param lend true to lend binary messages for the call
         * @return this builder
         */
        public Builder lendBinaryMessages(boolean lend) {
            this.lendBinaryMessages = lend;
            return this;
        }

        /**
         * Fragments outgoing messages longer than this many bytes.
         *
         * @param bytes the largest payload of a sent frame, more than zero
         * @return this builder
         */
        public Builder fragmentSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("fragmentSize must be positive");
            }
            this.fragmentSize = bytes;
            return this;
        }

        /**
         * The opening-handshake timeout.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * The closing-handshake timeout.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /**
         * The hard cap on queued outgoing bytes per connection.
         *
         * @param bytes the cap, more than zero
         * @return this builder
         */
        public Builder maxOutboundBytes(long bytes) {
            this.maxOutboundBytes = bytes;
            return this;
        }

        /**
         * The high and low watermarks of the outgoing queue.
         *
         * @param low the queued bytes below which a connection becomes writable again
         * @param high the queued bytes above which a connection is not writable; at least
         *     {@code low}
         * @return this builder
         */
        public Builder watermarks(long low, long high) {
            this.lowWatermark = low;
            this.highWatermark = high;
            return this;
        }

        /**
         * Runs listener callbacks on this executor instead of the loop thread (for blocking listeners).
         *
         * @param executor the executor, or {@code null} for the loop thread
         * @return this builder
         */
        public Builder executor(@Nullable Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         */
        public WebSocketConfig build() {
            return new WebSocketConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
