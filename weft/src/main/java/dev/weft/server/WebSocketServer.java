package dev.weft.server;

import dev.weft.MemoryBudgets;
import dev.weft.MemoryStats;
import dev.weft.internal.transport.MemoryLedger;

import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.Role;
import dev.weft.protocol.extension.ServerExtensionFactory;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.internal.text.Utf8Encoder;
import dev.weft.internal.transport.Addresses;
import dev.weft.internal.transport.EventLoopGroup;
import dev.weft.internal.transport.ServerInternals;
import dev.weft.internal.transport.ServerTransport;
import dev.weft.internal.transport.TopicRegistry;
import dev.weft.MessageType;
import dev.weft.topic.ClusterBus;
import dev.weft.topic.ClusterPublishException;
import dev.weft.topic.PublishResult;
import dev.weft.topic.SlowSubscriberPolicy;
import dev.weft.topic.TopicStats;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * A WebSocket server on non-blocking NIO.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *         .port(8080)
 *         .endpoint("/echo", new WebSocketListener() {
 *             public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *         })
 *         .build()
 *         .start();
 * }</pre>
 *
 * <p>Each endpoint is a path (exact, template or prefix) with a listener, an optional
 * {@link HandshakeInterceptor} and the subprotocols it speaks, optionally mounted for one
 * subprotocol; a fallback endpoint takes every other path. Plain HTTP requests get
 * what the {@link HttpHandler} answers, else 426 on a WebSocket path and 404 elsewhere.
 * Connections are spread over event-loop threads (one per core by default).
 */
public final class WebSocketServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.weft");

    static {
        // For weft's integration modules only (the transport package is exported to them alone).
        ServerInternals.install(server -> ((WebSocketServer) server).transport);
    }
    /** A server's frames are unmasked and the encoder keeps no state: one serves every broadcast. */
    private static final FrameEncoder ENCODER = new FrameEncoder(Role.SERVER, null);

    private final String host;
    private final int port;
    private final int tlsPort;
    private final TlsConfig tls;
    private final int backlog;
    private final EventLoopGroup loops;
    private final ServerTransport transport;
    private final TopicRegistry topics;
    private final Router<Endpoint> router;
    private InetSocketAddress bound;
    private InetSocketAddress boundTls;
    private volatile boolean started;
    private volatile boolean stopped;

    private WebSocketServer(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.tlsPort = b.tlsPort;
        this.tls = b.tls;
        this.backlog = b.backlog;
        if (tlsPort >= 0 && tls == null) {
            throw new IllegalArgumentException("tlsPort needs tls(TlsConfig)");
        }
        this.loops = new EventLoopGroup(b.loops, "weft-server", b.config.ticker());
        List<Router.Mount<Endpoint>> mounts = new ArrayList<>(b.mounts);
        if (b.fallback != null) {
            mounts.add(new Router.Mount<>(new PathPattern("/*"), null, b.fallback));
        }
        ServerTransport[] self = new ServerTransport[1];
        MemoryLedger ledger = new MemoryLedger(b.memoryBudgets);
        this.topics = new TopicRegistry(loops, ledger, b.slowSubscriberPolicy, b.cluster);
        this.transport = self[0] = new ServerTransport(loops, b.config, b.maxPendingHandshakes, b.keepHandshakeRequests,
                new ServerRouting(router = new Router<>(mounts), new Router<>(b.eventStreams), b.httpHandler, b.trustedProxies, b.maxConnections,
                        () -> self[0].openCount(), b.extensions, b.legacyDrafts), ledger, topics);
    }

    /**
     * A builder with the defaults: all interfaces, port 8080, {@link WebSocketConfig#defaults()}.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return this server, started
     * @throws IOException if the address cannot be bound (in use, no permission)
     */
    public synchronized WebSocketServer start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            if (port >= 0) {
                bound = transport.bind(new InetSocketAddress(host, port), backlog, null);
            }
            if (tlsPort >= 0) {
                boundTls = transport.bind(new InetSocketAddress(host, tlsPort), backlog, tls);
            }
        } catch (IOException e) {
            transport.stop(0);
            loops.shutdown(1000);
            throw e;
        }
        if (topics.bus() != null) {
            topics.bus().start((topic, type, payload) -> publishFrame(topic, frameOf(type, payload), payload.remaining(),
                    type, null, false));
        }
        LOG.log(System.Logger.Level.INFO, () -> bound == null && boundTls == null
                ? "started with no port of its own (it serves connections handed over to it)"
                : "listening on" + (bound == null ? "" : " ws://" + Addresses.shown(bound))
                        + (boundTls == null ? "" : " wss://" + Addresses.shown(boundTls)));
        return this;
    }

    /**
     * The {@code ws://} port listened on (the real one if 0 was asked for).
     *
     * @return the port
     */
    public int port() {
        if (bound == null) {
            throw new IllegalStateException(started ? "no ws:// port" : "not started");
        }
        return bound.getPort();
    }

    /**
     * The {@code wss://} port listened on (the real one if 0 was asked for).
     *
     * @return the port
     */
    public int tlsPort() {
        if (boundTls == null) {
            throw new IllegalStateException(started ? "no wss:// port" : "not started");
        }
        return boundTls.getPort();
    }

    /**
     * The {@code ws://} address listened on, or {@code null} if there is none.
     *
     * @return the address, or {@code null}
     */
    public @Nullable InetSocketAddress address() {
        return bound;
    }

    /**
     * The {@code wss://} address listened on, or {@code null} if there is none.
     *
     * @return the address, or {@code null}
     */
    public @Nullable InetSocketAddress tlsAddress() {
        return boundTls;
    }

    /**
     * The open WebSocket connections, a snapshot (ws's {@code clients}).
     *
     * @return the connections open when called
     */
    public Collection<WebSocket> connections() {
        return transport.sessions();
    }

    /**
     * The open event streams, a snapshot.
     *
     * @return the streams open when called
     */
    public Collection<dev.weft.sse.EventStream> eventStreams() {
        return transport.eventStreams();
    }

    /**
     * Sends a text message to every open connection. The frame is encoded once and shared:
     * with permessage-deflate, compressed once for all the connections with the same window
     * (see {@link #publish(String, String)}). A connection whose outgoing queue is at its cap (a
     * peer too slow to keep up) is skipped.
     *
     * @param text the message
     * @return how many connections it was queued for
     */
    public int broadcast(String text) {
        return broadcast(text, ws -> true);
    }

    /**
     * Sends a text message to the open connections {@code filter} accepts, encoded once.
     *
     * @param text the message
     * @param filter which connections to send to; called on the calling thread
     * @return how many connections it was queued for
     */
    public int broadcast(String text, Predicate<WebSocket> filter) {
        int length = Utf8Encoder.encodedLength(text);
        return transport.broadcast(textFrame(text, length), length, Opcode.TEXT, filter);
    }

    /**
     * Sends a binary message (the bytes between position and limit) to every open connection, encoded once.
     *
     * @param data the message's bytes; the buffer must not change until every connection has
     *     written it
     * @return how many connections it was queued for
     */
    public int broadcast(ByteBuffer data) {
        return broadcast(data, ws -> true);
    }

    /**
     * Sends a binary message to the open connections {@code filter} accepts, encoded once.
     *
     * @param data the message's bytes; the buffer must not change until every connection has
     *     written it
     * @param filter which connections to send to; called on the calling thread
     * @return how many connections it was queued for
     */
    public int broadcast(ByteBuffer data, Predicate<WebSocket> filter) {
        int length = data.remaining();
        return transport.broadcast(frameOf(MessageType.BINARY, data), length, Opcode.BINARY, filter);
    }

    /**
     * Publishes a text message to {@code topic}: every connection on this server that
     * {@linkplain WebSocket#subscribe subscribes} to it gets it, and, with a
     * {@linkplain Builder#cluster cluster bus}, every subscriber on the other servers. The frame
     * is encoded once and shared by every subscriber here; with permessage-deflate, compressed
     * once for all the subscribers with the same window (from a fresh context, which every peer's
     * inflater takes; a connection that keeps its context starts its next own message afresh).
     * Safe from any thread; never waits for a subscriber: one
     * past its high watermark is handled by the topic's {@link SlowSubscriberPolicy}. Messages
     * published from one thread to one topic reach each subscriber in order.
     *
     * @param topic the topic
     * @param text  the message
     * @return completes with what happened here once every event loop holding subscribers has
     *     handled the message; with a cluster bus, also once the bus took it, or fails with
     *     {@link ClusterPublishException} (carrying the local result) if it could not
     */
    public CompletableFuture<PublishResult> publish(String topic, String text) {
        return publish(topic, text, null);
    }

    /**
     * {@link #publish(String, String)}, leaving out one connection (typically the one whose
     * message this is, as a chat room does).
     *
     * @param topic  the topic
     * @param text   the message
     * @param except the connection not to send it to, or null
     * @return as {@link #publish(String, String)}
     */
    public CompletableFuture<PublishResult> publish(String topic, String text, @Nullable WebSocket except) {
        Objects.requireNonNull(topic, "topic");
        int length = Utf8Encoder.encodedLength(text);
        return publishFrame(topic, textFrame(text, length), length, MessageType.TEXT, except, true);
    }

    /**
     * Publishes a binary message (the bytes between position and limit) to {@code topic}; see
     * {@link #publish(String, String)}.
     *
     * @param topic the topic
     * @param data  the message; copied before this returns
     * @return as {@link #publish(String, String)}
     */
    public CompletableFuture<PublishResult> publish(String topic, ByteBuffer data) {
        return publish(topic, data, null);
    }

    /**
     * {@link #publish(String, ByteBuffer)}, leaving out one connection.
     *
     * @param topic  the topic
     * @param data   the message; copied before this returns
     * @param except the connection not to send it to, or null
     * @return as {@link #publish(String, String)}
     */
    public CompletableFuture<PublishResult> publish(String topic, ByteBuffer data, @Nullable WebSocket except) {
        Objects.requireNonNull(topic, "topic");
        int length = data.remaining();
        return publishFrame(topic, frameOf(MessageType.BINARY, data), length, MessageType.BINARY, except, true);
    }

    private CompletableFuture<PublishResult> publishFrame(String topic, ByteBuffer frame, long length, MessageType type,
                                                          @Nullable WebSocket except, boolean toCluster) {
        CompletableFuture<PublishResult> local = topics.publishLocally(topic, frame, length, type, except);
        ClusterBus bus = topics.bus();
        if (bus == null || !toCluster) {
            return local;
        }
        // The bus gets the payload as a view of the frame, which nobody changes once encoded.
        ByteBuffer payload = frame.asReadOnlyBuffer().position(frame.limit() - (int) length);
        CompletionStage<Void> remote;
        try {
            remote = bus.publish(topic, type, payload);
        } catch (RuntimeException e) {
            remote = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<PublishResult> both = new CompletableFuture<>();
        remote.whenComplete((ok, failure) -> local.thenAccept(result -> {
            if (failure == null) {
                both.complete(result);
            } else {
                Throwable cause = dev.weft.internal.transport.Futures.unwrap(failure);
                both.completeExceptionally(new ClusterPublishException(result, cause));
            }
        }));
        return both;
    }

    /**
     * Mounts an endpoint on a running server (WebSocket-Node's router {@code mount}): upgrades
     * routed from now on may reach it, by the same rules as the builder's endpoints.
     *
     * @param path     an exact path, a template with {@code {name}} segments, or a prefix ending in {@code /*}
     * @param endpoint what serves it
     */
    public void mount(String path, Endpoint endpoint) {
        router.mount(new Router.Mount<>(new PathPattern(path), null, Objects.requireNonNull(endpoint, "endpoint")));
    }

    /**
     * Mounts an endpoint for one subprotocol on a running server.
     *
     * @param path        as for {@link #mount(String, Endpoint)}
     * @param subprotocol the subprotocol it serves
     * @param endpoint    what serves it
     */
    public void mount(String path, String subprotocol, Endpoint endpoint) {
        router.mount(new Router.Mount<>(new PathPattern(path), Objects.requireNonNull(subprotocol, "subprotocol"),
                Objects.requireNonNull(endpoint, "endpoint")));
    }

    /**
     * Unmounts the endpoints at {@code path} (written as when mounted) that name no
     * subprotocol (WebSocket-Node's router {@code unmount}); connections they opened stay open.
     *
     * @param path the path as mounted
     * @return whether an endpoint was unmounted
     */
    public boolean unmount(String path) {
        return router.unmount(path, null) > 0;
    }

    /**
     * Unmounts the endpoints at {@code path} for {@code subprotocol}; connections they opened stay open.
     *
     * @param path        the path as mounted
     * @param subprotocol the subprotocol it was mounted for
     * @return whether an endpoint was unmounted
     */
    public boolean unmount(String path, String subprotocol) {
        return router.unmount(path, Objects.requireNonNull(subprotocol, "subprotocol")) > 0;
    }

    /**
     * Sets one topic's slow-subscriber policy (kept whether or not the topic has subscribers);
     * other topics follow {@link Builder#slowSubscriberPolicy}.
     *
     * @param topic  the topic
     * @param policy its policy, or null for the server's default again
     */
    public void slowSubscriberPolicy(String topic, @Nullable SlowSubscriberPolicy policy) {
        topics.policy(Objects.requireNonNull(topic, "topic"), policy);
    }

    /**
     * What one topic did on this server.
     *
     * @param topic the topic
     * @return its figures, or null if no connection here subscribes to it
     */
    public @Nullable TopicStats topicStats(String topic) {
        return topics.stats(topic);
    }

    /**
     * What every topic with subscribers here did.
     *
     * @return their figures, a snapshot
     */
    public List<TopicStats> topicStats() {
        return topics.stats();
    }

    private static ByteBuffer textFrame(String text, int length) {
        ByteBuffer frame = ByteBuffer.allocate(ENCODER.headerSize(length) + length);
        ENCODER.writeHeader(frame, true, 0, Opcode.TEXT, length);
        Utf8Encoder.encode(text, length, frame);
        return frame.flip();
    }

    /** A whole unmasked frame holding {@code payload} (left unchanged), the payload already UTF-8 for text. */
    private static ByteBuffer frameOf(MessageType type, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(ENCODER.headerSize(length) + length);
        ENCODER.writeFrame(frame, true, 0, type == MessageType.TEXT ? Opcode.TEXT : Opcode.BINARY, payload.duplicate());
        return frame.flip();
    }

    /**
     * Takes over a WebSocket upgrade that another server accepted (ws's {@code noServer} with
     * {@code handleUpgrade}): an HTTP server of your own reads a request, sees {@code Upgrade:
     * websocket}, takes the channel off its selector and hands it here with every byte it read.
     * weft then handles the request exactly as if it had accepted the connection on its own port:
     * the handshake deadline (from now), limits, origin checks and interceptors, routes and
     * answers (101, or 400/404/426 with the connection closed after), and the connection on
     * weft's loops. Bytes the client sent after the head (a first frame already on its way) are
     * not lost. Plain TCP only: a connection whose TLS another server terminated cannot be handed
     * over (its TLS session state is the other server's).
     *
     * @param channel     the connected socket, no longer registered with the caller's selector
     *                    (cancel its key); weft owns it from now, and closes it
     * @param alreadyRead the bytes read from the socket so far, from the request's first byte,
     *                    between its position and limit (copied; the caller may reuse it)
     * @throws IllegalStateException if the server is not started
     */
    public void handOver(SocketChannel channel, ByteBuffer alreadyRead) {
        if (!started || stopped) {
            throw new IllegalStateException(started ? "stopped" : "not started");
        }
        transport.handOver(channel, alreadyRead);
    }

    /**
     * {@link #handOver(SocketChannel, ByteBuffer)} for a caller that parsed the request head into
     * weft's {@link RequestHead} (or built one from its own parser's fields).
     *
     * @param channel   the connected socket, no longer registered with the caller's selector
     * @param head      the request head as received
     * @param afterHead the bytes the caller read past the head, possibly none
     * @throws IllegalStateException if the server is not started
     */
    public void handOver(SocketChannel channel, RequestHead head, ByteBuffer afterHead) {
        byte[] encoded = head.encode();
        ByteBuffer all = ByteBuffer.allocate(encoded.length + afterHead.remaining());
        all.put(encoded).put(afterHead.duplicate()).flip();
        handOver(channel, all);
    }

    /**
     * How many connections are still in their opening handshake.
     *
     * @return the number of pending handshakes
     */
    public int pendingHandshakes() {
        return transport.pendingHandshakes();
    }

    /**
     * What all connections hold against the server's {@linkplain Builder#memoryBudgets memory
     * budgets} now, and what the budgets refused since the server started.
     *
     * @return the figures, a snapshot
     */
    public MemoryStats memoryStats() {
        return transport.memoryStats();
    }

    /**
     * Stops accepting, closes every connection with 1001 (going away), waits up to
     * {@code grace} for the close handshakes, drops what remains and stops the loops.
     *
     * @param grace how long to wait for close handshakes before dropping connections
     */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (topics.bus() != null) {
            topics.bus().stop();
        }
        transport.stop(grace.toMillis());
        loops.shutdown(1000);
        LOG.log(System.Logger.Level.INFO, "stopped");
    }

    /** {@link #stop(Duration)} with two seconds of grace. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }

    /** Collects a server's settings. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private int tlsPort = -1;
        private TlsConfig tls;
        private int backlog = 1024;
        private int loops;
        private WebSocketConfig config = WebSocketConfig.defaults();
        private final List<Router.Mount<Endpoint>> mounts = new ArrayList<>();
        private final List<Router.Mount<dev.weft.sse.EventStreamEndpoint>> eventStreams = new ArrayList<>();
        private Endpoint fallback;
        private HttpHandler httpHandler;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private int maxConnections = 100_000;
        private int maxPendingHandshakes = 10_000;
        private MemoryBudgets memoryBudgets = MemoryBudgets.defaults();
        private boolean keepHandshakeRequests;
        private boolean legacyDrafts;
        private List<ServerExtensionFactory> extensions = List.of();
        private SlowSubscriberPolicy slowSubscriberPolicy = SlowSubscriberPolicy.skip();
        private ClusterBus cluster;

        private Builder() {
        }

        /**
         * What a publish does with a subscriber past its high watermark, for topics without a
         * policy of their own ({@link WebSocketServer#slowSubscriberPolicy(String, SlowSubscriberPolicy)}).
         *
         * @param policy the policy; {@link SlowSubscriberPolicy#skip()} unless set
         * @return this builder
         */
        public Builder slowSubscriberPolicy(SlowSubscriberPolicy policy) {
            this.slowSubscriberPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Carries this server's topics across servers: what is published here reaches
         * subscribers on the other nodes, and theirs reach the subscribers here. The server
         * starts the bus when it starts and stops it when it stops.
         *
         * @param bus the bus (for Redis: {@code dev.weft.cluster.redis.RedisClusterBus})
         * @return this builder
         */
        public Builder cluster(ClusterBus bus) {
            this.cluster = Objects.requireNonNull(bus, "bus");
            return this;
        }

        /**
         * The interface to listen on: a host name or address; {@code 0.0.0.0} (the default) for all.
         *
         * @param host a host name or address
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /**
         * The {@code ws://} port (8080 by default); 0 picks a free one (see {@link WebSocketServer#port()}).
         *
         * @param port a port 0–65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * No {@code ws://} port: only {@code wss://} on {@link #tlsPort(int)}, or, with no TLS
         * port either, no port at all: a server that only takes connections other servers
         * {@linkplain WebSocketServer#handOver(SocketChannel, ByteBuffer) hand over}.
         *
         * @return this builder
         */
        public Builder noPlainPort() {
            this.port = -1;
            return this;
        }

        /**
         * The {@code wss://} port, served beside the {@code ws://} one with the same endpoints; needs {@link #tls}.
         *
         * @param port a port 0–65535
         * @return this builder
         */
        public Builder tlsPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("tlsPort " + port);
            }
            this.tlsPort = port;
            return this;
        }

        /**
         * The TLS settings of the {@code wss://} port.
         *
         * @param tls the server's certificate and TLS settings
         * @return this builder
         */
        public Builder tls(TlsConfig tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /**
         * The listen backlog (1024 by default).
         *
         * @param backlog the backlog, more than zero
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * How many event-loop threads; 0 (the default) means one per core.
         *
         * @param loops how many threads, 0 for one per core
         * @return this builder
         */
        public Builder loops(int loops) {
            this.loops = loops;
            return this;
        }

        /**
         * The connections' configuration.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(WebSocketConfig config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /**
         * An endpoint that accepts every upgrade at {@code path}: exact, {@code /rooms/{room}}, or {@code /prefix/*}.
         *
         * @param path the path pattern
         * @param listener the listener for the endpoint's connections
         * @return this builder
         */
        public Builder endpoint(String path, WebSocketListener listener) {
            return endpoint(path, Endpoint.of(listener));
        }

        /**
         * An endpoint at {@code path}: exact ({@code /chat}), a template ({@code /rooms/{room}}) or a prefix ({@code /files/*}).
         *
         * @param path the path pattern
         * @param endpoint the endpoint
         * @return this builder
         */
        public Builder endpoint(String path, Endpoint endpoint) {
            mounts.add(new Router.Mount<>(new PathPattern(path), null, Objects.requireNonNull(endpoint)));
            return this;
        }

        /**
         * An endpoint at {@code path} for clients that offer {@code subprotocol}, which it is then
         * chosen with (WebSocket-Node's router). Several may share a path, one per subprotocol,
         * beside one for any subprotocol.
         *
         * @param path the path pattern
         * @param subprotocol the subprotocol this endpoint answers
         * @param endpoint the endpoint
         * @return this builder
         */
        public Builder endpoint(String path, String subprotocol, Endpoint endpoint) {
            mounts.add(new Router.Mount<>(new PathPattern(path), Objects.requireNonNull(subprotocol), Objects.requireNonNull(endpoint)));
            return this;
        }

        /**
         * Server-sent events at {@code path} (faye-websocket's {@code EventSource}): a
         * {@code GET} there, such as a browser's {@code new EventSource(url)}, opens an
         * {@link dev.weft.sse.EventStream} on the same port as the WebSockets. Paths are matched
         * as {@link #endpoint(String, Endpoint)}'s are, and before the {@link #httpHandler}; a
         * WebSocket upgrade at the same path still goes to the WebSocket endpoint. Served by
         * weft's own server only, not through a servlet container (501 there).
         *
         * @param path the path pattern
         * @param endpoint the event-stream endpoint
         * @return this builder
         */
        public Builder eventStream(String path, dev.weft.sse.EventStreamEndpoint endpoint) {
            eventStreams.add(new Router.Mount<>(new PathPattern(path), null, Objects.requireNonNull(endpoint, "endpoint")));
            return this;
        }

        /**
         * The extensions this server accepts, such as {@code PerMessageDeflate.defaults()}, in
         * order of preference; none by default (compression costs memory and CPU per connection,
         * so it is the operator's choice).
         *
         * @param factories the extensions, possibly none
         * @return this builder
         */
        public Builder extensions(ServerExtensionFactory... factories) {
            this.extensions = List.of(factories);
            return this;
        }

        /**
         * The proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed for
         * {@link HandshakeRequest#clientAddress()}. None by default: headers anyone can send do
         * not decide a client's address.
         *
         * @param proxies the trusted proxies
         * @return this builder
         */
        public Builder trustedProxies(TrustedProxies proxies) {
            this.trustedProxies = Objects.requireNonNull(proxies);
            return this;
        }

        /**
         * The most open connections; an upgrade beyond it gets 503 (100,000 by default).
         *
         * @param max the limit, more than zero
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Bounds on the memory all connections hold together: bytes in messages not yet handed
         * over (inbound) and in send queues (outbound); see {@link MemoryBudgets} for what happens
         * at each bound. By default each is the smaller of 256 MiB and a quarter of the heap.
         *
         * @param budgets the budgets shared by all the server's connections
         * @return this builder
         */
        public Builder memoryBudgets(MemoryBudgets budgets) {
            this.memoryBudgets = java.util.Objects.requireNonNull(budgets, "budgets");
            return this;
        }

        /**
         * The most connections still in their opening handshake; more are closed at once (10,000 by default).
         *
         * @param max the limit, more than zero
         * @return this builder
         */
        public Builder maxPendingHandshakes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingHandshakes must be positive");
            }
            this.maxPendingHandshakes = max;
            return this;
        }

        /**
         * Whether each connection keeps its handshake request after onOpen returns, for
         * {@link dev.weft.WebSocket#handshakeRequest()} at any time. Off by default: a request (a
         * browser's is about a kilobyte) would be most of what an idle connection keeps.
         *
         * @param keep true to keep every connection's handshake request
         * @return this builder
         */
        public Builder keepHandshakeRequests(boolean keep) {
            this.keepHandshakeRequests = keep;
            return this;
        }

        /**
         * Whether to accept the drafts before RFC 6455 that old browsers spoke, as faye-websocket
         * does: draft-hixie-75 and -76 (also hybi-00). Off by default: they have no binary
         * messages, pings or close codes, and -76's handshake proves little. A legacy connection
         * reports {@link HandshakeRequest#version()} 75 or 76 to the interceptor; sending it
         * binary messages, fragments or pings fails their futures with
         * {@link UnsupportedOperationException}; {@code broadcast} reaches it with text.
         *
         * @param accept true to accept draft-hixie-75 and -76 clients
         * @return this builder
         */
        public Builder legacyDrafts(boolean accept) {
            this.legacyDrafts = accept;
            return this;
        }

        /**
         * The endpoint for every path without one of its own.
         *
         * @param endpoint the fallback endpoint
         * @return this builder
         */
        public Builder fallbackEndpoint(Endpoint endpoint) {
            this.fallback = Objects.requireNonNull(endpoint);
            return this;
        }

        /**
         * Answers plain HTTP requests.
         *
         * @param handler the handler for requests that do not ask to upgrade
         * @return this builder
         */
        public Builder httpHandler(HttpHandler handler) {
            this.httpHandler = handler;
            return this;
        }

        /**
         * Builds the server; {@link WebSocketServer#start()} binds it.
         *
         * @return the server, not yet started
         */
        public WebSocketServer build() {
            return new WebSocketServer(this);
        }
    }
}
