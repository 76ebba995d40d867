package dev.weft.transport;

import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.handshake.ClientHandshake;
import dev.weft.protocol.http.Hosts;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
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
 * within the handshake timeout. Each step's failure has its own
 * {@link WebSocketConnectException.Reason}.
 */
public final class ClientTransport {
    private final EventLoopGroup group;
    private final Executor resolver;

    /**
     * @param group    the loops connections run on
     * @param resolver where blocking host-name lookups run
     */
    public ClientTransport(EventLoopGroup group, Executor resolver) {
        this.group = group;
        this.resolver = resolver;
    }

    /**
     * Opens a connection to {@code host:port} and performs {@code handshake} on it.
     *
     * @param tls TLS settings for {@code wss://}, or {@code null} for plain {@code ws://}
     */
    public CompletableFuture<WebSocket> connect(String host, int port, TlsConfig tls, ClientHandshake handshake,
                                                List<? extends ClientExtensionFactory> extensions, WebSocketConfig config,
                                                Duration connectTimeout, WebSocketListener listener) {
        CompletableFuture<WebSocket> result = new CompletableFuture<>();
        // An address literal needs no lookup: skip the resolver threads for it.
        CompletableFuture<InetAddress> lookup = Hosts.isAddressLiteral(host)
                ? CompletableFuture.completedFuture(resolve(host))
                : CompletableFuture.supplyAsync(() -> resolve(host), resolver);
        lookup.whenComplete((address, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                result.completeExceptionally(new WebSocketConnectException(WebSocketConnectException.Reason.DNS,
                        "cannot resolve " + host + ": " + cause.getMessage(), 0, null, cause));
                return;
            }
            EventLoop loop = group.next();
            loop.execute(() -> new Connector(loop, new InetSocketAddress(address, port), host, tls, handshake, extensions,
                    config, connectTimeout, listener, result).start());
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
    private static final class Connector implements Selectable {
        private final EventLoop loop;
        private final InetSocketAddress address;
        private final String host;
        private final TlsConfig tls;
        private final ClientHandshake handshake;
        private final List<? extends ClientExtensionFactory> extensions;
        private final WebSocketConfig config;
        private final Duration connectTimeout;
        private final WebSocketListener listener;
        private final CompletableFuture<WebSocket> result;
        private SocketChannel channel;
        private SelectionKey key;
        private Timer timer;

        Connector(EventLoop loop, InetSocketAddress address, String host, TlsConfig tls, ClientHandshake handshake,
                  List<? extends ClientExtensionFactory> extensions, WebSocketConfig config, Duration connectTimeout,
                  WebSocketListener listener, CompletableFuture<WebSocket> result) {
            this.loop = loop;
            this.address = address;
            this.host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            this.tls = tls;
            this.handshake = handshake;
            this.extensions = extensions;
            this.config = config;
            this.connectTimeout = connectTimeout;
            this.listener = listener;
            this.result = result;
        }

        void start() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean connected = channel.connect(address);
                key = loop.register(channel, connected ? 0 : SelectionKey.OP_CONNECT, this);
                if (connected) {
                    connected();
                    return;
                }
                timer = loop.schedule(connectTimeout.toNanos(), () -> fail(new WebSocketConnectException(
                        WebSocketConnectException.Reason.TIMEOUT, "connect to " + address + " timed out after "
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
                    : WebSocketConnectException.Reason.IO, "cannot connect to " + address + ": " + e.getMessage(), 0, null, e);
        }

        private void connected() {
            TcpConnection tcp = new TcpConnection(loop, channel, config.highWatermark(), config.lowWatermark());
            ClientHandshakeStage[] stage = new ClientHandshakeStage[1];
            Timer handshakeTimer = loop.schedule(config.handshakeTimeout().toNanos(), () -> stage[0].fail(
                    new WebSocketConnectException(WebSocketConnectException.Reason.TIMEOUT, "opening handshake with "
                            + address + " timed out after " + config.handshakeTimeout().toMillis() + " ms", 0, null, null)));
            stage[0] = new ClientHandshakeStage(tcp, handshake, extensions, config, listener, result, handshakeTimer);
            if (tls != null) {
                try {
                    tcp.useTls(new TlsChannel(channel, tls.newClientEngine(host, address.getPort()), TlsTasks.EXECUTOR,
                            loop, tcp));
                } catch (IOException e) {
                    handshakeTimer.cancel();
                    fail(new WebSocketConnectException(WebSocketConnectException.Reason.TLS,
                            "cannot start TLS with " + address + ": " + e.getMessage(), 0, null, e));
                    return;
                }
            }
            tcp.adopt(key, stage[0]);
            stage[0].sendRequest();
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
