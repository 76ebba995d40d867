package dev.weft.internal.transport;

import dev.weft.MemoryStats;
import dev.weft.WebSocket;
import dev.weft.TlsConfig;
import dev.weft.WebSocketConfig;
import dev.weft.protocol.Role;
import dev.weft.protocol.close.CloseCode;
import dev.weft.protocol.frame.Opcode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The server side of the transport: listening sockets, accepting, and the registry of open
 * sessions. Accepted connections are spread over the loops of the group; each starts with a
 * {@link ServerHandshakeStage}.
 */
public final class ServerTransport {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    /** How long a listener stops accepting after accept failed (file descriptors ran out). */
    static final java.time.Duration ACCEPT_PAUSE = java.time.Duration.ofSeconds(1);

    private final EventLoopGroup group;
    private final WebSocketConfig config;
    private final ServerRoutes routes;
    private final ConnectionSet<WebSocketSession> sessions = new ConnectionSet<>();
    private final ConnectionSet<EventStreamSession> streams = new ConnectionSet<>();
    private final Consumer<EventStreamSession> forgetStream = streams::remove;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final List<Listener> listeners = new ArrayList<>();
    private final int maxPendingHandshakes;
    /** This server's trouble that could repeat per connection: logged once, then at DEBUG. */
    private final LogOnce trouble = new LogOnce(16);
    private final MemoryLedger ledger;
    private final TopicRegistry topics;
    /** What every session of this server shares. */
    private final SessionHome home;

    /**
     * @param group                 the loops connections run on
     * @param config                the connections' configuration
     * @param maxPendingHandshakes  the most connections in their opening handshake at once
     * @param keepHandshakeRequests whether sessions keep their handshake request after onOpen
     * @param routes                what to answer each request with
     * @param ledger                the memory budgets all connections share
     * @param topics                the server's topics
     */
    public ServerTransport(EventLoopGroup group, WebSocketConfig config, int maxPendingHandshakes,
                           boolean keepHandshakeRequests, ServerRoutes routes, MemoryLedger ledger,
                           TopicRegistry topics) {
        this.ledger = ledger;
        this.topics = topics;
        this.group = group;
        this.config = config;
        this.maxPendingHandshakes = maxPendingHandshakes;
        this.routes = routes;
        // One remover shared by every session, rather than a capturing lambda each.
        this.home = new SessionHome(ledger, topics, keepHandshakeRequests, sessions::remove);
    }

    /**
     * Takes over a connection another server accepted, whose request head (and perhaps more) it
     * already read, as if it had been accepted here: the same handshake deadline (from now),
     * limits, routes and loops. The caller must have taken the channel off its own selector.
     *
     * @param channel     the connected socket, plain TCP
     * @param alreadyRead the bytes read from it so far, from the first byte of the request
     * @return false if the server is at its limit of pending handshakes (the channel is closed)
     */
    public boolean handOver(SocketChannel channel, ByteBuffer alreadyRead) {
        if (handshakes.get() >= maxPendingHandshakes) {
            trouble.log(LOG, System.Logger.Level.WARNING, "refusing connections: " + maxPendingHandshakes
                    + " handshakes already pending (maxPendingHandshakes)", null);
            closeQuietly(channel);
            return false;
        }
        ByteBuffer bytes = ByteBuffer.allocate(alreadyRead.remaining()).put(alreadyRead).flip();
        EventLoop target = group.next();
        handshakes.incrementAndGet();
        target.execute(() -> start(target, channel, null, bytes));
        return true;
    }

    private static final ByteBuffer NOTHING_READ = ByteBuffer.allocate(0);

    private void start(EventLoop target, SocketChannel ch, TlsConfig tls, ByteBuffer alreadyRead) {
        TcpConnection tcp = new TcpConnection(target, ch);
        try {
            ch.configureBlocking(false);
            TcpConnection.setSocketOptions(ch, config);
            if (tls != null) {
                tcp.useTls(new TlsChannel(ch, tls.newServerEngine(), TlsTasks.EXECUTOR, target, tcp));
            }
            tcp.start(new ServerHandshakeStage(tcp, this), alreadyRead.duplicate());
        } catch (IOException | RuntimeException e) {
            handshakes.decrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "could not start a connection", e);
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** How many WebSocket connections are open. */
    public int sessionCount() {
        return sessions.size();
    }

    /** How many connections are open, WebSockets and event streams: what the connection limit counts. */
    public int openCount() {
        return sessions.size() + streams.size();
    }

    /** Open event streams, a snapshot. */
    public Collection<dev.weft.sse.EventStream> eventStreams() {
        return Collections.unmodifiableList(streams.snapshot());
    }

    /** Opens an event stream on a link whose response head is queued. Loop thread. */
    void openEventStream(Link link, EventStreamOpening opening) {
        EventStreamSession stream = new EventStreamSession(link, opening, config, ledger, topics, forgetStream);
        streams.add(stream);
        stream.open();
    }

    /**
     * The connections' configuration.
     *
     * @return the configuration
     */
    public WebSocketConfig config() {
        return config;
    }

    /**
     * What to answer each request with.
     *
     * @return the routes
     */
    public ServerRoutes routes() {
        return routes;
    }

    /**
     * The loop a connection that arrives another way (a servlet container's) should live on.
     *
     * @return the next loop, round robin
     */
    public EventLoop nextLoop() {
        return group.next();
    }

    /**
     * Opens a WebSocket over {@code link} for an upgrade whose 101 response someone else (a
     * servlet container) has sent, and makes it the link's stage. Loop thread of the link.
     *
     * @param link   the connection's link
     * @param answer the upgrade decided by {@link #routes()}
     * @return the open session
     */
    public WebSocketSession openSession(Link link, ServerAnswer answer) {
        WebSocketSession session = newSession(link, answer);
        session.open();
        return session;
    }

    /**
     * Binds a listening socket and starts accepting on it; returns the address bound (with the
     * real port if 0 was asked).
     *
     * @param tls TLS for every connection accepted here ({@code wss://}), or {@code null} for plain {@code ws://}
     */
    public InetSocketAddress bind(InetSocketAddress address, int backlog, TlsConfig tls) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, backlog);
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        Listener l = new Listener(ch, group.next(), tls);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        l.loop.execute(() -> {
            try {
                l.key = l.loop.register(ch, SelectionKey.OP_ACCEPT, l);
                registered.complete(null);
            } catch (IOException e) {
                registered.completeExceptionally(e);
            }
        });
        registered.join();
        synchronized (listeners) {
            listeners.add(l);
        }
        return (InetSocketAddress) ch.getLocalAddress();
    }

    /** Open WebSocket connections, a snapshot. */
    public Collection<WebSocket> sessions() {
        return Collections.unmodifiableList(sessions.snapshot());
    }

    /**
     * Queues one message on every open connection {@code filter} accepts, as a frame encoded
     * once: the plain one, or the one its shared encoder made (compressed once for all the
     * connections that share that encoder; see {@link PublishedMessage}). Each connection gets
     * a view of the same bytes, which count once toward the outbound memory budget. A
     * connection whose queue is at its cap is skipped (its peer is too slow), which bounds what
     * a broadcast can pile up; with the outbound budget spent, the frame goes nowhere. Skipped
     * deliveries are counted in {@link #memoryStats()}.
     *
     * @return how many connections the frame was queued for
     */
    public int broadcast(ByteBuffer frame, long payloadSize, Opcode type, Predicate<WebSocket> filter) {
        ByteBuffer view = frame.asReadOnlyBuffer();
        PublishedMessage message = ledger.reserveOutbound(view.remaining(), false)
                ? new PublishedMessage(view, payloadSize, type, ledger) : null;
        int queued = 0;
        int skipped = 0;
        for (WebSocketSession s : sessions.snapshot()) {
            if (filter.test(s)) {
                // The frame that suits this connection: compressed once for all that share its encoder.
                PublishedMessage.Frame f = message == null ? null : message.frameFor(s.sharedEncoder());
                if (f != null && s.sendShared(f.bytes().duplicate(), payloadSize, f.shared())) {
                    queued++;
                } else {
                    skipped++;
                }
            }
        }
        if (message != null) {
            message.letGo(); // handed out: the last queue to finish with each frame gives its bytes back
        }
        ledger.broadcastSkipped(skipped);
        return queued;
    }

    /** What the connections hold against the memory budgets, and what was refused. */
    public MemoryStats memoryStats() {
        return ledger.stats();
    }

    /** Connections still in their opening handshake. */
    public int pendingHandshakes() {
        return handshakes.get();
    }

    WebSocketSession newSession(Link link, ServerAnswer a) {
        WebSocketSession session = new WebSocketSession(link, Role.SERVER, a.config() != null ? a.config() : config,
                a.listener(), a.subprotocol(),
                a.extensions(), a.codecs(), a.request(), a.attachment(), a.pathParameters(), a.legacyVersion(), home);
        sessions.add(session);
        return session;
    }

    void handshakeEnded() {
        handshakes.decrementAndGet();
    }

    /**
     * Stops accepting, closes every open connection with 1001 (going away), waits up to
     * {@code graceMillis} for their close handshakes, then drops what remains.
     */
    public void stop(long graceMillis) {
        synchronized (listeners) {
            for (Listener l : listeners) {
                l.loop.execute(l::close);
            }
            listeners.clear();
        }
        for (WebSocketSession s : sessions.snapshot()) {
            s.shutdown(CloseCode.GOING_AWAY, graceMillis);
        }
        for (EventStreamSession s : streams.snapshot()) {
            s.shutdown();
        }
        long deadline = System.nanoTime() + graceMillis * 1_000_000L;
        while (!(sessions.isEmpty() && streams.isEmpty()) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** One listening socket, accepting on a loop and handing connections to the next loop in turn. */
    private final class Listener implements Selectable {
        final ServerSocketChannel channel;
        final EventLoop loop;
        final TlsConfig tls;
        SelectionKey key;

        Listener(ServerSocketChannel channel, EventLoop loop, TlsConfig tls) {
            this.channel = channel;
            this.loop = loop;
            this.tls = tls;
        }

        @Override
        public void onReady(int readyOps) {
            for (int i = 0; i < 256; i++) {
                SocketChannel ch;
                try {
                    ch = channel.accept();
                } catch (IOException e) {
                    // Out of file descriptors, most likely. The listening socket stays ready while
                    // connections wait in the backlog, so trying again at once would spin the loop
                    // (and the log): stop accepting for a moment, while closing connections give
                    // descriptors back.
                    trouble.log(LOG, System.Logger.Level.WARNING, "accept failed; not accepting for "
                            + ACCEPT_PAUSE.toMillis() + " ms", e);
                    pauseAccepting();
                    return;
                }
                if (ch == null) {
                    return;
                }
                if (handshakes.get() >= maxPendingHandshakes) {
                    // Too many half-open connections already: refuse this one before it costs anything.
                    trouble.log(LOG, System.Logger.Level.WARNING, "refusing connections: " + maxPendingHandshakes
                            + " handshakes already pending (maxPendingHandshakes)", null);
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                    continue;
                }
                EventLoop target = group.next();
                handshakes.incrementAndGet();
                target.execute(() -> start(target, ch, tls, NOTHING_READ));
            }
        }

        private void pauseAccepting() {
            key.interestOps(0);
            loop.schedule(ACCEPT_PAUSE.toNanos(), () -> {
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_ACCEPT);
                }
            });
        }

        void close() {
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "error closing a listening socket", e);
            }
        }

        @Override
        public void onLoopClosing() {
            close();
        }
    }
}
