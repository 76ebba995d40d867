package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.http.HttpFields;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.HandshakeRequest;
import dev.weft.server.TrustedProxies;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WebSocket-Node's server features: router, cookies, trusted client address, keepalive, idle timeout, limits, broadcast, origins. */
class ServerFeaturesTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    /** A listener that answers every text with a description of where it landed. */
    private static WebSocketListener named(String name) {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(name + " " + ws.pathParameters() + " " + ws.subprotocol());
            }
        };
    }

    private String ask(String path, String... protocols) throws Exception {
        return ask(path, ConnectOptions.builder().subprotocols(protocols).build());
    }

    /** Connects, sends "?", and returns the server's answer. */
    private String ask(String path, ConnectOptions options) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + path), options, inbox)
                .get(5, TimeUnit.SECONDS);
        ws.sendText("?");
        String answer = (String) inbox.nextMessage();
        ws.close();
        return answer;
    }

    @Test
    void routerMatchesExactTemplateAndPrefixPathsAndSubprotocols() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/rooms/lobby", named("lobby"))
                .endpoint("/rooms/{room}", named("room"))
                .endpoint("/files/*", named("files"))
                .endpoint("/chat", "chat.v2", Endpoint.of(named("chat2")))
                .endpoint("/chat", "chat.v1", Endpoint.of(named("chat1")))
                .endpoint("/chat", Endpoint.of(named("chat-any")))
                .endpoint("/v2only", "chat.v2", Endpoint.of(named("v2only")))
                .build().start();
        assertThat(ask("/rooms/lobby")).isEqualTo("lobby {} null");
        assertThat(ask("/rooms/42")).isEqualTo("room {room=42} null");
        assertThat(ask("/files")).isEqualTo("files {} null");
        assertThat(ask("/files/a/b")).isEqualTo("files {} null");
        assertThat(ask("/chat", "chat.v1", "chat.v2")).isEqualTo("chat1 {} chat.v1");
        assertThat(ask("/chat", "chat.v2")).isEqualTo("chat2 {} chat.v2");
        // An endpoint without a subprotocol answers an offer it does not know with none; the
        // client accepts that only when told to.
        assertThat(ask("/chat", ConnectOptions.builder().subprotocols("other").acceptNoSubprotocol(true).build()))
                .isEqualTo("chat-any {} null");
        assertThat(ask("/v2only", "chat.v2")).isEqualTo("v2only {} chat.v2");
        assertThatThrownBy(() -> ask("/v2only", "chat.v1")).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> ask("/nowhere")).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void cookiesAreReadFromTheRequestAndSetOnThe101() throws Exception {
        BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", Endpoint.of(named("x")).withInterceptor(HandshakeInterceptor.of(r -> {
                    seen.add(r.cookies());
                    return UpgradeDecision.accept().withCookie("session", "s-123", "Path=/; HttpOnly; SameSite=Strict");
                }))).build().start();
        try (RawSocket raw = new RawSocket(server.port())) {
            raw.write(RawSocket.upgrade("/").replace("\r\n\r\n", "\r\nCookie: a=1; theme=\"dark\"; bad name=x; a=2\r\n\r\n"));
            String head = raw.readHead();
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("Set-Cookie: session=s-123; Path=/; HttpOnly; SameSite=Strict\r\n");
        }
        assertThat(seen.poll(5, TimeUnit.SECONDS)).containsExactly(Map.entry("a", "1"), Map.entry("theme", "dark"));
        assertThatThrownBy(() -> UpgradeDecision.accept().withCookie("a", "b;c", "")).isInstanceOf(IllegalArgumentException.class);
    }

    /** What the server's side saw of the request: in onOpen, and later when a message came. */
    private static WebSocketListener requestReporter() {
        return new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.attachment(ws.handshakeRequest().fields().first("X-Token"));
            }

            @Override
            public void onText(WebSocket ws, String text) {
                String later;
                try {
                    later = ws.handshakeRequest().fields().first("X-Token");
                } catch (IllegalStateException e) {
                    later = "gone: " + e.getMessage();
                }
                ws.sendText(ws.<String>attachment() + " | " + later + " | " + ws.path() + " | " + ws.query());
            }
        };
    }

    private String askWithToken(String pathAndQuery) throws Exception {
        return ask(pathAndQuery, ConnectOptions.builder().header("X-Token", "t-1").build());
    }

    @Test
    void theHandshakeRequestIsLetGoAfterOnOpenUnlessTheServerKeepsRequests() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).endpoint("/r", requestReporter()).build().start();
        assertThat(askWithToken("/r?room=7")).startsWith("t-1 | gone: the handshake request is let go once onOpen returns")
                .contains("keepHandshakeRequests(true)").endsWith(" | /r | room=7");
        server.stop(Duration.ofMillis(500));

        server = WebSocketServer.builder().host("127.0.0.1").port(0).keepHandshakeRequests(true)
                .endpoint("/r", requestReporter()).build().start();
        assertThat(askWithToken("/r")).isEqualTo("t-1 | t-1 | /r | null");
    }

    @Test
    void forwardedHeadersAreBelievedOnlyFromTrustedProxies() throws Exception {
        BlockingQueue<InetAddress> seen = new LinkedBlockingQueue<>();
        HandshakeInterceptor record = HandshakeInterceptor.of((HandshakeRequest r) -> {
            seen.add(r.clientAddress());
            return UpgradeDecision.accept();
        });
        for (boolean trusted : new boolean[] {false, true}) {
            WebSocketServer.Builder b = WebSocketServer.builder().host("127.0.0.1").port(0)
                    .endpoint("/", Endpoint.of(named("x")).withInterceptor(record));
            if (trusted) {
                b.trustedProxies(TrustedProxies.of("127.0.0.0/8"));
            }
            try (WebSocketServer s = b.build().start(); RawSocket raw = new RawSocket(s.port())) {
                raw.write(RawSocket.upgrade("/").replace("\r\n\r\n", "\r\nX-Forwarded-For: 198.51.100.9, 203.0.113.7, 127.0.0.2\r\n\r\n"));
                raw.readHead();
                assertThat(seen.poll(5, TimeUnit.SECONDS).getHostAddress()).isEqualTo(trusted ? "203.0.113.7" : "127.0.0.1");
            }
        }
        TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8", "::1/128");
        InetAddress proxy = InetAddress.getByName("10.1.2.3");
        assertThat(proxies.clientAddress(proxy, HttpFields.builder().add("Forwarded", "for=\"[2001:db8::1]:4711\";proto=https").build())
                .getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(proxies.clientAddress(proxy, HttpFields.builder().add("X-Forwarded-For", "unknown, evil.example").build()))
                .isEqualTo(proxy);
        assertThat(proxies.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
    }

    /** See {@link RawSocket#awaitLoopTurn}. */
    private void loopTurned() throws IOException {
        RawSocket.awaitLoopTurn(server.port(), "/");
    }

    @Test
    void keepaliveDropsASilentPeerAndMeasuresRoundTripsWithALiveOne() throws Exception {
        ManualTicker clock = new ManualTicker();
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        List<WebSocket> open = new ArrayList<>();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .config(WebSocketConfig.builder().keepAlive(Duration.ofSeconds(20), Duration.ofSeconds(10))
                        .ticker(clock).build())
                .endpoint("/", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        synchronized (open) {
                            open.add(ws);
                        }
                    }

                    @Override
                    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                        closes.add(code + (clean ? " clean" : " unclean"));
                    }
                }).build().start();
        try (RawSocket live = RawSocket.upgraded(server.port(), "/");
             RawSocket silent = RawSocket.upgraded(server.port(), "/")) {
            clock.advance(Duration.ofSeconds(20));
            byte[] ping = live.readServerFrame();
            assertThat(ping[0]).as("a ping at the interval").isEqualTo((byte) 0x9);
            assertThat(silent.readServerFrame()[0]).isEqualTo((byte) 0x9);
            // The live peer answers 7 ms later, by the server's clock.
            clock.advance(Duration.ofMillis(7));
            live.writeClientFrame(0xA, java.util.Arrays.copyOfRange(ping, 1, ping.length));
            loopTurned(); // the pong is read before the clock moves on
            clock.advance(Duration.ofMillis(9_992)); // 1 ms before the pong timeout
            loopTurned();
            assertThat(closes).as("nobody dropped before the timeout").isEmpty();
            clock.advance(Duration.ofMillis(1));
            assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("1006 unclean");
            assertThat(silent.readToEnd()).as("the silent peer is dropped, not closed politely").isEmpty();
            assertThat(live.isOpenNow()).isTrue();
        }
        WebSocket liveSide;
        synchronized (open) {
            liveSide = open.get(0);
        }
        assertThat(liveSide.roundTripTime()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void idleConnectionsAreClosedWith1001() throws Exception {
        ManualTicker clock = new ManualTicker();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .config(WebSocketConfig.builder().idleTimeout(Duration.ofSeconds(60)).ticker(clock).build())
                .endpoint("/", named("x")).build().start();
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            clock.advance(Duration.ofSeconds(40));
            raw.writeClientFrame(0x9, new byte[] {1}); // traffic (a ping) resets the count
            assertThat(raw.readServerFrame()).containsExactly(0xA, 1);
            clock.advance(Duration.ofSeconds(59));
            loopTurned();
            assertThat(raw.isOpenNow()).as("59 s after the last traffic").isTrue();
            clock.advance(Duration.ofSeconds(1));
            byte[] close = raw.readServerFrame();
            assertThat(close[0]).isEqualTo((byte) 0x8);
            assertThat(java.util.Arrays.copyOfRange(close, 1, close.length))
                    .containsExactly(0x03, 0xe9, 'i', 'd', 'l', 'e');
        }
    }

    @Test
    void connectionsBeyondTheLimitGet503() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).maxConnections(2).endpoint("/", named("x")).build().start();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
        client.connect(uri, new Inbox()).get(5, TimeUnit.SECONDS);
        client.connect(uri, new Inbox()).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> client.connect(uri, new Inbox()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void broadcastReachesEveryoneOrAFilteredSet() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).endpoint("/{group}", named("x")).build().start();
        List<Inbox> red = new ArrayList<>();
        List<Inbox> blue = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Inbox in = new Inbox();
            (i % 2 == 0 ? red : blue).add(in);
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + (i % 2 == 0 ? "/red" : "/blue")), in)
                    .get(5, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connections().size() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.broadcast("to all")).isEqualTo(20);
        assertThat(server.broadcast(java.nio.ByteBuffer.wrap(new byte[] {1, 2}), ws -> "red".equals(ws.pathParameters().get("group"))))
                .isEqualTo(10);
        for (Inbox in : red) {
            assertThat(in.nextMessage()).isEqualTo("to all");
            assertThat(((java.nio.ByteBuffer) in.nextMessage()).remaining()).isEqualTo(2);
        }
        for (Inbox in : blue) {
            assertThat(in.nextMessage()).isEqualTo("to all");
            in.expectNoMessage(200);
        }
    }

    @Test
    void aSlowReceiverIsSkippedByBroadcastInsteadOfBufferedWithoutBound() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .config(WebSocketConfig.builder().maxOutboundBytes(1 << 20).watermarks(64 << 10, 512 << 10).build())
                .endpoint("/", named("x")).build().start();
        try (RawSocket neverReads = RawSocket.upgraded(server.port(), "/")) {
            Thread.sleep(100);
            String big = "y".repeat(256 * 1024);
            int skipped = 0;
            for (int i = 0; i < 200 && skipped == 0; i++) {
                skipped += 1 - server.broadcast(big);
            }
            assertThat(skipped).as("the broadcast skipped the peer at its cap").isEqualTo(1);
            assertThat(server.connections().iterator().next().bufferedAmount()).isLessThanOrEqualTo(1 << 20);
        }
    }

    @Test
    void originAllowList() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", Endpoint.of(named("x")).withInterceptor(
                        HandshakeInterceptor.allowOrigins(List.of("https://app.example"), HandshakeInterceptor.acceptAll())))
                .build().start();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
        client.connect(uri, ConnectOptions.builder().origin("https://app.example").build(), new Inbox()).get(5, TimeUnit.SECONDS);
        for (String origin : new String[] {"https://evil.example", null}) {
            assertThatThrownBy(() -> client.connect(uri, ConnectOptions.builder().origin(origin).build(), new Inbox())
                    .get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
    }

    @Test
    void pendingHandshakesBeyondTheLimitAreRefusedAtOnce() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).maxPendingHandshakes(3)
                .config(WebSocketConfig.builder().handshakeTimeout(Duration.ofSeconds(30)).build())
                .endpoint("/", named("x")).build().start();
        List<RawSocket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                silent.add(new RawSocket(server.port()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.pendingHandshakes() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (RawSocket refused = new RawSocket(server.port())) {
                assertThat(refused.closedByPeer()).isTrue();
            }
        } finally {
            for (RawSocket s : silent) {
                s.close();
            }
        }
    }
}
