package dev.weft.internal.transport;

import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.handshake.ClientHandshake;
import dev.weft.protocol.internal.http.Hosts;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The client side of the transport: resolves the host off the loops (name lookup blocks),
 * connects without blocking within the connect timeout, then runs the opening handshake
 * within the handshake timeout. Through an HTTP proxy, it resolves and connects to the proxy
 * instead and opens a tunnel to the server first (within the same handshake timeout). Each
 * step's failure has its own {@link WebSocketConnectException.Reason}.
 */
public final class ClientTransport {
    private final EventLoopGroup group;
    private final Executor resolver;
    /** What the client's connections share: its memory budgets. */
    private final SessionHome home;

    /**
     * @param group    the loops connections run on
     * @param resolver where blocking host-name lookups run
     */
    public ClientTransport(EventLoopGroup group, Executor resolver, MemoryLedger ledger) {
        this.group = group;
        this.resolver = resolver;
        this.home = SessionHome.client(ledger);
    }

    /** Where a connection goes: the server, over TLS or not, directly or through an HTTP proxy's tunnel. */
    public record Destination(String host, int port, TlsConfig tls, Tunnel tunnel) {
        /**
         * @param host   the server's host (an IPv6 address in brackets, as in a URI)
         * @param port   the server's port
         * @param tls    TLS settings for {@code wss://}, or {@code null} for plain {@code ws://}
         * @param tunnel the proxy to tunnel through, or {@code null} to connect directly
         */
        public Destination {
            java.util.Objects.requireNonNull(host, "host");
        }

        /** The host to look up and connect to: the proxy's, if there is one. */
        String firstHop() {
            return tunnel != null ? tunnel.proxyHost() : host;
        }

        int firstHopPort() {
            return tunnel != null ? tunnel.proxyPort() : port;
        }
    }

    /**
     * How one connection is made, beside where it goes.
     *
     * @param extensions     the extensions offered
     * @param config         the connection's configuration
     * @param connectTimeout how long the TCP connect may take
     * @param keepResponse   whether the server's 101 response stays readable after onOpen
     * @param localAddress   the local address to bind before connecting, or null for any
     */
    public record Settings(List<? extends ClientExtensionFactory> extensions, WebSocketConfig config, Duration connectTimeout,
                           boolean keepResponse, InetSocketAddress localAddress) {
    }

    /** Opens a connection to {@code to} and performs {@code handshake} on it. */
    public CompletableFuture<WebSocket> connect(Destination to, ClientHandshake handshake, Settings settings,
                                                WebSocketListener listener) {
        CompletableFuture<WebSocket> result = new CompletableFuture<>();
        String host = to.firstHop();
        // An address literal needs no lookup: skip the resolver threads for it.
        CompletableFuture<InetAddress> lookup = Hosts.isAddressLiteral(host)
                ? CompletableFuture.completedFuture(resolve(host))
                : CompletableFuture.supplyAsync(() -> resolve(host), resolver);
        lookup.whenComplete((address, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.DNS,
                        "cannot resolve " + host + ": " + cause.getMessage(), 0, null, cause));
                return;
            }
            EventLoop loop = group.next();
            loop.execute(() -> new Connector(loop, new InetSocketAddress(address, to.firstHopPort()), to, handshake,
                    settings, listener, result).start());
        });
        return result;
    }

    private static InetAddress resolve(String host) {
        try {
            // URI hosts keep IPv6 brackets; the resolver wants the bare address.
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            throw new CompletionException(e);
        }
    }

    /** Waits for the TCP connect, then starts the handshake stage. */
    private final class Connector implements Selectable {
        private final EventLoop loop;
        private final InetSocketAddress address;
        private final Destination to;
        private final String host;
        private final TlsConfig tls;
        private final ClientHandshake handshake;
        private final Settings settings;
        private final WebSocketConfig config;
        private final Duration connectTimeout;
        private final WebSocketListener listener;
        private final CompletableFuture<WebSocket> result;
        private SocketChannel channel;
        private SelectionKey key;
        private Timer timer;

        Connector(EventLoop loop, InetSocketAddress address, Destination to, ClientHandshake handshake, Settings settings,
                  WebSocketListener listener, CompletableFuture<WebSocket> result) {
            this.loop = loop;
            this.address = address;
            this.to = to;
            this.host = to.host().startsWith("[") ? to.host().substring(1, to.host().length() - 1) : to.host();
            this.tls = to.tls();
            this.handshake = handshake;
            this.settings = settings;
            this.config = settings.config();
            this.connectTimeout = settings.connectTimeout();
            this.listener = listener;
            this.result = result;
        }

        void start() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                TcpConnection.setSocketOptions(channel, config);
                if (settings.localAddress() != null) {
                    channel.bind(settings.localAddress());
                }
                boolean connected = channel.connect(address);
                key = loop.register(channel, connected ? 0 : SelectionKey.OP_CONNECT, this);
                if (connected) {
                    connected();
                    return;
                }
                timer = loop.schedule(connectTimeout.toNanos(), () -> fail(new WebSocketConnectException(
                        WebSocketConnectException.Reason.TIMEOUT, "connect to " + Addresses.shown(address) + " timed out after "
                        + connectTimeout.toMillis() + " ms", 0, null, null)));
            } catch (IOException e) {
                fail(connectFailure(e));
            }
        }

        @Override
        public void onReady(int readyOps) {
            try {
                if (channel.finishConnect()) {
                    timer.cancel();
                    connected();
                }
            } catch (IOException e) {
                timer.cancel();
                fail(connectFailure(e));
            }
        }

        private WebSocketConnectException connectFailure(IOException e) {
            boolean refused = e instanceof ConnectException || e instanceof NoRouteToHostException;
            return new WebSocketConnectException(refused ? WebSocketConnectException.Reason.REFUSED
                    : WebSocketConnectException.Reason.IO, "cannot connect to " + Addresses.shown(address) + ": " + e.getMessage(), 0, null, e);
        }

        private void connected() {
            TcpConnection tcp = new TcpConnection(loop, channel);
            // One timer for everything after the TCP connect: tunnel, TLS and upgrade.
            Timer handshakeTimer = loop.schedule(config.handshakeTimeout().toNanos(), () -> {
                result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.TIMEOUT,
                        "opening handshake with " + to.host() + ":" + to.port() + " timed out after "
                                + config.handshakeTimeout().toMillis() + " ms", 0, null, null));
                tcp.close(null);
            });
            if (to.tunnel() == null) {
                ClientHandshakeStage upgrade = handshakeStage(tcp, handshakeTimer);
                tcp.adopt(key, upgrade);
                startWebSocket(tcp, upgrade, handshakeTimer);
                return;
            }
            Tunnel.Stage tunnel = to.tunnel().stage(tcp, to.host(), to.port(), config.headLimits(), result, () -> {
                ClientHandshakeStage upgrade = handshakeStage(tcp, handshakeTimer);
                tcp.stage(upgrade);
                startWebSocket(tcp, upgrade, handshakeTimer);
            }, handshakeTimer);
            tcp.adopt(key, tunnel);
            tunnel.start();
        }

        private ClientHandshakeStage handshakeStage(TcpConnection tcp, Timer handshakeTimer) {
            return new ClientHandshakeStage(tcp, handshake, settings.extensions(), config, listener, result, handshakeTimer,
                    home, settings.keepResponse());
        }

        /** Starts TLS if asked for and sends the upgrade request; {@code upgrade} is already the connection's stage. */
        private void startWebSocket(TcpConnection tcp, ClientHandshakeStage upgrade, Timer handshakeTimer) {
            if (tls != null) {
                try {
                    tcp.useTls(new TlsChannel(channel, tls.newClientEngine(host, to.port()), TlsTasks.EXECUTOR, loop, tcp));
                } catch (IOException e) {
                    handshakeTimer.cancel();
                    result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.TLS,
                            "cannot start TLS with " + to.host() + ":" + to.port() + ": " + e.getMessage(), 0, null, e));
                    tcp.close(null);
                    return;
                }
            }
            upgrade.sendRequest();
            if (tls != null) {
                tcp.tlsTaskDone(); // start the TLS handshake: the client speaks first
            }
        }

        private void fail(WebSocketConnectException e) {
            result.completeExceptionally(e);
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
        }

        @Override
        public void onLoopClosing() {
            fail(new WebSocketConnectException(WebSocketConnectException.Reason.IO, "client shut down", 0, null, null));
        }
    }
}
