package dev.weft.client;

import dev.weft.MemoryBudgets;
import dev.weft.MemoryStats;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.handshake.ClientHandshake;
import dev.weft.internal.transport.ClientTransport;
import dev.weft.internal.transport.HttpTunnel;
import dev.weft.internal.transport.Socks5Tunnel;
import dev.weft.internal.transport.Tunnel;
import dev.weft.internal.transport.MemoryLedger;
import dev.weft.internal.transport.EventLoopGroup;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on non-blocking NIO. One client owns a few event-loop threads and may
 * hold many connections; close it to stop them.
 *
 * <pre>{@code
 * try (WebSocketClient client = WebSocketClient.create()) {
 *     WebSocket ws = client.connect(URI.create("ws://localhost:8080/echo"), new WebSocketListener() {
 *         public void onText(WebSocket ws, String text) { System.out.println(text); }
 *     }).get();
 *     ws.sendText("hello");
 * }
 * }</pre>
 *
 * <p>The future fails with a {@link dev.weft.WebSocketConnectException} whose reason names the
 * step that failed: DNS, REFUSED, TIMEOUT, TLS, HANDSHAKE (with the status and body the server
 * answered, or which response check failed) or IO. {@code wss://} verifies the server's
 * certificate and host name unless the options say otherwise.
 */
public final class WebSocketClient implements AutoCloseable {
    private final EventLoopGroup loops;
    private final ExecutorService resolver;
    private final ClientTransport transport;
    private final WebSocketConfig config;
    private final MemoryLedger ledger;

    private WebSocketClient(WebSocketConfig config, int loopCount, MemoryBudgets budgets) {
        this.config = config;
        this.loops = new EventLoopGroup(loopCount, "weft-client", config.ticker());
        // Host-name lookups block, so they run here: at most four at once, threads let go after 5 s idle.
        ThreadPoolExecutor lookups = new ThreadPoolExecutor(4, 4, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "weft-client-resolver");
            t.setDaemon(true);
            return t;
        });
        lookups.allowCoreThreadTimeOut(true);
        this.resolver = lookups;
        this.ledger = new MemoryLedger(budgets);
        this.transport = new ClientTransport(loops, resolver, ledger);
    }

    /**
     * A client with the default configuration and one event-loop thread.
     *
     * @return a new client; close it to stop its thread
     */
    public static WebSocketClient create() {
        return create(WebSocketConfig.defaults());
    }

    /**
     * A client with this configuration and one event-loop thread.
     *
     * @param config the connections' configuration
     * @return a new client; close it to stop its thread
     */
    public static WebSocketClient create(WebSocketConfig config) {
        return create(config, 1);
    }

    /**
     * A client with this configuration and {@code loops} event-loop threads (0: one per core).
     *
     * @param config the connections' configuration
     * @param loops how many event-loop threads, 0 for one per core
     * @return a new client; close it to stop its threads
     */
    public static WebSocketClient create(WebSocketConfig config, int loops) {
        return create(config, loops, MemoryBudgets.defaults());
    }

    /**
     * A client with this configuration, {@code loops} event-loop threads (0: one per core), and
     * these bounds on the memory all its connections hold together (see {@link MemoryBudgets}).
     *
     * @param config the connections' configuration
     * @param loops how many event-loop threads, 0 for one per core
     * @param budgets the memory budgets shared by all the client's connections
     * @return a new client; close it to stop its threads
     */
    public static WebSocketClient create(WebSocketConfig config, int loops, MemoryBudgets budgets) {
        return new WebSocketClient(Objects.requireNonNull(config), loops, Objects.requireNonNull(budgets));
    }

    /**
     * What all connections hold against the client's memory budgets now, and what was refused.
     *
     * @return the figures, a snapshot
     */
    public MemoryStats memoryStats() {
        return ledger.stats();
    }

    /**
     * Connects to a {@code ws://} URI with the default options.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @param listener the listener for the connection
     * @return a future completing with the open connection, or failing with a
     *     {@link dev.weft.WebSocketConnectException}
     */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener) {
        return connect(uri, ConnectOptions.defaults(), listener);
    }

    /**
     * Connects to a {@code ws://} URI.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @param options the subprotocols, headers, proxy, TLS and timeouts for this connection
     * @param listener the listener for the connection
     * @return a future completing with the open connection, or failing with a
     *     {@link dev.weft.WebSocketConnectException}
     * @throws IllegalArgumentException for a URI that is not {@code ws://} or {@code wss://} or has
     *     no host
     */
    public CompletableFuture<WebSocket> connect(URI uri, ConnectOptions options, WebSocketListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (options.reconnect() != null) {
            ClientHandshake.builder(uri); // a URI that is no WebSocket URI fails here, not on every attempt
            return new ReconnectingWebSocket(this, uri, options, listener, options.reconnect(), loops.next()).start();
        }
        return connectOnce(uri, options, listener);
    }

    /** One connection, following redirects if asked to, without reconnecting. */
    CompletableFuture<WebSocket> connectOnce(URI uri, ConnectOptions options, WebSocketListener listener) {
        if (!options.followRedirects()) {
            return attempt(uri, options, listener);
        }
        CompletableFuture<WebSocket> result = new CompletableFuture<>();
        follow(uri, options, listener, new Redirects(uri, options.maxRedirects()), result);
        return result;
    }

    /** Tries {@code uri}; a redirect leads to another try, until one opens or fails otherwise. */
    private void follow(URI uri, ConnectOptions options, WebSocketListener listener, Redirects redirects,
                        CompletableFuture<WebSocket> result) {
        attempt(uri, options, listener).whenComplete((ws, failure) -> {
            if (failure == null) {
                result.complete(ws);
                return;
            }
            Throwable cause = dev.weft.internal.transport.Futures.unwrap(failure);
            URI next;
            try {
                next = cause instanceof WebSocketConnectException e ? redirects.next(uri, e) : null;
            } catch (WebSocketConnectException e) {
                result.completeExceptionally(e);
                return;
            }
            if (next == null) {
                result.completeExceptionally(cause);
                return;
            }
            try {
                follow(next, redirects.sameOrigin(next) ? options : options.withoutCredentials(), listener, redirects, result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private CompletableFuture<WebSocket> attempt(URI uri, ConnectOptions options, WebSocketListener listener) {
        ClientHandshake.Builder hb = ClientHandshake.builder(uri)
                .version(options.version())
                .origin(options.origin())
                .subprotocols(options.subprotocols())
                .acceptNoSubprotocol(options.acceptNoSubprotocol())
                .extensions(ExtensionNegotiation.offers(options.extensions()))
                .headers(options.headers());
        options.cookies().forEach(hb::cookie);
        boolean secure = ClientHandshake.isSecure(uri);
        int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
        Tunnel tunnel;
        SocksProxy socks = options.socksProxy();
        if (socks != null) {
            tunnel = new Socks5Tunnel(socks.host(), socks.port(), socks.username(), socks.password());
        } else {
            HttpProxy proxy = options.proxyFor(uri);
            tunnel = proxy == null ? null : new HttpTunnel(proxy.host(), proxy.port(), proxy.authorization());
        }
        return transport.connect(new ClientTransport.Destination(uri.getHost(), port, secure ? options.tls() : null, tunnel),
                hb.build(), new ClientTransport.Settings(options.extensions(), config, options.connectTimeout(),
                        options.keepHandshakeResponse(), options.localAddress()), listener);
    }

    /** Stops the client's threads; open connections are dropped. */
    @Override
    public void close() {
        loops.shutdown(2000);
        resolver.shutdownNow();
    }
}
