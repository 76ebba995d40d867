package dev.weft.containers;

import dev.weft.ReadyState;
import dev.weft.SendQueueFullException;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.conformance.ConformanceRun;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.interop.Chromium;
import dev.weft.testing.PeerProcess;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.NeedsPeers;
import dev.weft.testing.RawSocket;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What weft must do inside any servlet container, the same for each: a container's test module
 * extends this, mounts weft's servlet on {@code /ws/*} in its container and says on which ports.
 * In front of the servlet it puts a filter that, for a request with {@code X-Login: alice},
 * authenticates the user {@code alice} and sets the request attribute {@code tenant} to
 * {@code blue}, as a security filter would.
 * The handshake is answered by weft's rules through the container; the connection then runs on
 * weft's loops over the container's non-blocking upgraded streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServletContainerContract {
    /** The idle timeout each container is given for its own connections: far below weft's. */
    protected static final Duration CONTAINER_IDLE_TIMEOUT = Duration.ofMillis(300);

    /**
     * What a container is started with.
     *
     * @param weft             the server whose endpoints weft's servlet serves, on {@code /ws/*}
     * @param timed            a second server, on {@code /timed/*}, whose timeouts run on a
     *                         manual clock
     * @param keyStore         a PKCS#12 key store for the TLS connector (localhost and 127.0.0.1)
     * @param keyStorePassword its password
     * @param selfTestReports  takes the reports of the browser self-test, to be served on
     *                         {@code /selftest/*} by weft-servlet's test {@code SelfTestServlet}
     */
    public record ContainerSetup(WebSocketServer weft, WebSocketServer timed, Path keyStore, String keyStorePassword,
                                    Consumer<String> selfTestReports) {
    }

    /**
     * The container's ports on 127.0.0.1.
     *
     * @param plain its HTTP port
     * @param tls   its HTTPS port
     */
    public record Ports(int plain, int tls) {
    }

    private WebSocketServer weft;
    private WebSocketServer timed;
    private final ManualTicker clock = new ManualTicker();
    private WebSocketClient client;
    private int port;
    private int tlsPort;
    private TestCertificates certs;
    private ConformanceRun conformance;
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> selfTestReports = new LinkedBlockingQueue<>();
    private final BlockingQueue<WebSocket> flooded = new LinkedBlockingQueue<>();

    /**
     * Starts the container with, on a plain and a TLS connector: weft's servlet for
     * {@code setup.weft()} mapped to {@code /ws/*}; in front of everything the login filter
     * (weft-servlet's test {@code LoginFilter}); the browser self-test on {@code /selftest/*};
     * and {@link #CONTAINER_IDLE_TIMEOUT} as the idle timeout of the container's connections.
     *
     * @param setup what to start it with
     * @return the ports
     */
    protected abstract Ports startContainer(ContainerSetup setup) throws Exception;

    /** Stops the container. */
    protected abstract void stopContainer() throws Exception;

    @BeforeAll
    void start() throws Exception {
        WebSocketListener echo = Listeners.echoRecordingCloses(closes);
        weft = WebSocketServer.builder().noPlainPort()
                .endpoint("/ws/echo", echo)
                .extensions(ConformanceRun.serverDeflate())
                .endpoint("/ws/conformance", Listeners.ECHO)
                .endpoint("/ws/chat", Endpoint.of(echo).withSubprotocols("chat.v1"))
                .endpoint("/ws/reject", Endpoint.of(echo).withInterceptor(HandshakeInterceptor.of(r ->
                        UpgradeDecision.reject(403, "go away"))))
                .endpoint("/ws/later", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.sendText("decided " + socket.attachment());
                    }
                }).withInterceptor(request -> CompletableFuture.supplyAsync(
                        () -> UpgradeDecision.accept().withAttachment("on another thread"),
                        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))))
                .endpoint("/ws/flood", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        flooded.add(socket);
                    }
                })
                .endpoint("/ws/bye", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.close(4000, "server says bye");
                    }
                })
                .endpoint("/ws/whoami", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.sendText("you are " + socket.attachment());
                    }
                }).withInterceptor(HandshakeInterceptor.of(r -> UpgradeDecision.accept().withAttachment(
                        (r.userPrincipal() == null ? "anonymous" : r.userPrincipal().getName())
                                + " of tenant " + r.attributes().getOrDefault("tenant", "none")))))
                .endpoint("/ws/room", Endpoint.perConnection(() -> new WebSocketListener() {
                    private int said; // this connection's own count: a listener per connection

                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.subscribe("room");
                    }

                    @Override
                    public void onText(WebSocket socket, String text) {
                        said++;
                        weft.publish("room", text + " (" + said + ")", socket);
                    }
                }))
                .eventStream("/ws/events", dev.weft.sse.EventStreamEndpoint.of(new dev.weft.sse.EventStreamListener() {
                }))
                .endpoint("/ws/private", Endpoint.of(Listeners.ECHO).withInterceptor(HandshakeInterceptor.of(
                        r -> "let-me-in".equals(r.headers().first("X-Token"))
                                ? UpgradeDecision.accept() : UpgradeDecision.reject(403, "no token"))))
                .build().start();
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1");
        timed = WebSocketServer.builder().noPlainPort()
                .config(WebSocketConfig.builder().idleTimeout(Duration.ofSeconds(60)).ticker(clock).build())
                .endpoint("/timed/idle", Listeners.ECHO)
                .build().start();
        Ports ports = startContainer(new ContainerSetup(weft, timed, certs.keyStore("server"), TestCertificates.STORE_PASSWORD,
                selfTestReports::add));
        port = ports.plain();
        tlsPort = ports.tls();
        client = WebSocketClient.create();
    }

    @AfterAll
    void stop() throws Exception {
        if (conformance != null) {
            conformance.writeReport(Path.of("target", "conformance-report.txt"));
        }
        client.close();
        stopContainer();
        weft.stop(Duration.ofSeconds(1));
        timed.stop(Duration.ofSeconds(1));
    }

    /**
     * weft's conformance suite in the server role, through the container: every case must get
     * the verdict weft's own server gets (framing, fragmentation, UTF-8 with 1007, limits with
     * 1009, closes, permessage-deflate). The report goes to {@code target/conformance-report.txt}.
     */
    @TestFactory
    Stream<DynamicContainer> conformanceSuiteThroughTheContainer() throws Exception {
        conformance = ConformanceRun.ofServerAt("127.0.0.1", port, "/ws/conformance");
        return conformance.tests();
    }

    @Test
    void textAndBinaryEchoThroughTheContainerAndTheCloseIsClean() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws/echo", inbox);
        ws.sendText("through the container");
        assertThat(inbox.nextMessage()).isEqualTo("through the container");
        // Several large messages: each is read in many pieces, parking and resuming the reader
        // (at most 64 KiB in flight), where reads race the container's own dispatch if anywhere.
        Random random = new Random(7);
        for (int round = 0; round < 8; round++) {
            byte[] big = new byte[300_000 + round * 100_000];
            random.nextBytes(big);
            ws.sendBinary(big);
            Object echoed = inbox.nextMessage();
            assertThat(echoed).as("round %d", round).isInstanceOf(ByteBuffer.class);
            ByteBuffer b = (ByteBuffer) echoed;
            byte[] got = new byte[b.remaining()];
            b.get(got);
            assertThat(got).as("round %d", round).isEqualTo(big);
        }
        assertThat(ws.extensions()).as("permessage-deflate, negotiated through the container")
                .extracting(ExtensionOffer::name).containsExactly("permessage-deflate");
        ws.close(1000, "done");
        // The server answers with the code (and no reason), then closes TCP first, as on its own port.
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
    }

    /**
     * weft's client sends sixteen 1 MiB messages at once and the echoes all come back: both the
     * client's queue and weft's queue inside the container pass their high watermarks, and
     * neither side stops reading for it (when both did, neither got anything back).
     */
    @Test
    void aClientPipeliningMegabytesGetsEveryEchoBackThroughTheContainer() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws/echo", inbox);
        Random random = new Random(11);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            byte[] big = new byte[1 << 20];
            random.nextBytes(big); // nothing for deflate to shrink: the queues really fill
            sent.add(big);
            ws.sendBinary(big);
        }
        for (int i = 0; i < sent.size(); i++) {
            ByteBuffer b = (ByteBuffer) inbox.nextMessage();
            byte[] got = new byte[b.remaining()];
            b.get(got);
            assertThat(got).as("echo %d", i).isEqualTo(sent.get(i));
        }
        ws.close(1000, "done");
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
    }

    @Test
    void weftsHandshakeRulesAnswerThroughTheContainer() throws Exception {
        try (RawSocket raw = new RawSocket(port)) {
            raw.write("GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 426 ");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/echo").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 9"));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/private"));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 403 ");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/echo").replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""));
            assertThat(raw.readHead()).as("no Sec-WebSocket-Key").startsWith("HTTP/1.1 400 ");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/private").replace("\r\n\r\n", "\r\nX-Token: let-me-in\r\n\r\n"));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
        }
    }

    /** Event streams are weft's own server's: through a container the answer says so, and the connection is not held. */
    @Test
    void anEventStreamRequestIsAnswered501() throws Exception {
        try (RawSocket raw = new RawSocket(port)) {
            raw.write("GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 501 ");
        }
        assertThat(weft.eventStreams()).isEmpty();
    }

    /**
     * An interceptor that decides later, on another thread: the container's request thread waits
     * for the decision (the Servlet API does not define upgrading after {@code startAsync()}).
     */
    @Test
    void anAsynchronousInterceptorsDecisionIsAwaited() throws Exception {
        Inbox inbox = new Inbox();
        open("/ws/later", inbox);
        assertThat(inbox.nextMessage()).isEqualTo("decided on another thread");
    }

    /** Topics and per-connection listeners work for connections the container upgraded. */
    @Test
    void aRoomOfTopicsWorksThroughTheContainer() throws Exception {
        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        Inbox carol = new Inbox();
        WebSocket a = open("/ws/room", alice);
        open("/ws/room", bob);
        open("/ws/room", carol);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> weft.topicStats("room") != null && weft.topicStats("room").subscribers() == 3);
        a.sendText("hi");
        a.sendText("again");
        assertThat(bob.nextMessage()).isEqualTo("hi (1)");
        assertThat(bob.nextMessage()).isEqualTo("again (2)");
        assertThat(carol.nextMessage()).isEqualTo("hi (1)");
        alice.expectNoMessage(200);
        assertThat(weft.publish("room", "from the server").get(10, TimeUnit.SECONDS).queued()).isEqualTo(3);
        assertThat(alice.nextMessage()).isEqualTo("from the server");
    }

    @Test
    void aCloseTheServerStartsEndsCleanlyAndPromptly() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws/bye", inbox);
        long start = System.nanoTime();
        ws.sendText("bye");
        // Clean: both close frames, then the server closed TCP first (the client waits for it
        // up to its close timeout, 10 s; Tomcat closes an upgraded socket only when weft nudges it).
        assertThat(inbox.awaitClose()).isEqualTo("close:4000:server says bye:clean");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theInterceptorSeesWhomTheContainerAuthenticatedAndWhatFiltersFound() throws Exception {
        Inbox alice = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/whoami"),
                dev.weft.client.ConnectOptions.builder().header("X-Login", "alice").build(), alice).get(10, TimeUnit.SECONDS);
        assertThat(alice.nextMessage()).isEqualTo("you are alice of tenant blue");
        Inbox nobody = new Inbox();
        open("/ws/whoami", nobody);
        assertThat(nobody.nextMessage()).isEqualTo("you are anonymous of tenant none");
    }

    @Test
    void aFrameSentWithTheRequestIsNotLost() throws Exception {
        try (RawSocket raw = new RawSocket(port)) {
            byte[] head = RawSocket.upgrade("/ws/echo").getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = {(byte) 0x81, (byte) 0x83, 0, 0, 0, 0, 'h', 'e', 'y'};
            byte[] both = new byte[head.length + frame.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            raw.write(both);
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
            assertThat(raw.readServerFrame()).containsExactly(0x1, 'h', 'e', 'y');
        }
    }

    /**
     * A client that never reads: the container stops taking bytes, weft's queue fills to its cap
     * (32 MiB by default) and further sends are refused, while the connection stays up; what was
     * accepted all arrives, in order, once the client reads. A container that took every byte
     * into its own buffers would complete each send at once and never refuse one.
     */
    @Test
    void aClientThatNeverReadsMeetsTheSendCapNotTheContainersMemory() throws Exception {
        long cap = WebSocketConfig.defaults().maxOutboundBytes();
        // What the kernel holds (the send buffer autotunes up to 4 MiB, the peer's receive buffer
        // up to 6 MiB) and a container's one buffer in flight.
        long slack = 16L << 20;
        int chunk = 60 * 1024; // under 64 KiB: RawSocket reads 16-bit lengths
        try (RawSocket raw = RawSocket.upgraded(port, "/ws/flood")) {
            WebSocket ws = flooded.poll(10, TimeUnit.SECONDS);
            assertThat(ws).isNotNull();
            int accepted = 0;
            boolean refused = false;
            boolean containerStopped = false;
            for (int i = 0; i < 10_000 && !refused; i++) {
                CompletableFuture<Void> sent = ws.sendBinary(ByteBuffer.allocate(chunk));
                if (sent.isCompletedExceptionally()) {
                    refused = sent.handle((ok, e) -> (e instanceof java.util.concurrent.CompletionException ? e.getCause() : e)
                            instanceof SendQueueFullException).get();
                    continue;
                }
                accepted++;
                if (!containerStopped) {
                    // Paced while the container takes the bytes: each send is written before the next.
                    try {
                        sent.get(200, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException stillQueued) {
                        containerStopped = true;
                    }
                }
                assertThat(ws.bufferedAmount()).isLessThanOrEqualTo(cap);
            }
            assertThat(containerStopped).as("the container stopped taking bytes from weft").isTrue();
            assertThat(refused).as("a send refused at the cap").isTrue();
            assertThat((long) accepted * chunk).as("bytes accepted: the cap and what the kernel holds, no more")
                    .isLessThanOrEqualTo(cap + slack);
            assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);
            for (int i = 0; i < accepted; i++) {
                byte[] frame = raw.readServerFrame();
                assertThat(frame[0]).as("frame %d", i).isEqualTo((byte) 0x2);
                assertThat(frame.length).as("frame %d", i).isEqualTo(chunk + 1);
            }
            ws.sendText("still open");
            assertThat(raw.readServerFrame()).containsExactly(0x1, 's', 't', 'i', 'l', 'l', ' ', 'o', 'p', 'e', 'n');
        }
    }

    /**
     * 1,000 WebSockets open at once through the container, each echoing, then all closed: no
     * thread per connection while they are open, and afterwards no socket left behind by weft or
     * the container (the process's open files are back where they started).
     */
    @Test
    void aThousandConnectionsComeAndGoWithoutThreadsOrSocketsLeftBehind() throws Exception {
        int n = 1000;
        long filesBefore = openFiles();
        int threadsBefore = Thread.activeCount();
        int connectionsBefore = weft.connections().size(); // other tests' connections may still be open
        java.util.concurrent.CountDownLatch echoed = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(n);
        WebSocketListener counting = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                echoed.countDown();
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean clean) {
                closed.countDown();
            }
        };
        // All open at once, but at most 50 handshakes in flight: the containers are given a
        // 300 ms timeout for a request to arrive, which a thousand simultaneous handshakes on
        // two cores would exceed (Tomcat then closes the connection, as it should).
        java.util.concurrent.Semaphore handshakes = new java.util.concurrent.Semaphore(50);
        java.util.List<CompletableFuture<WebSocket>> opening = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            handshakes.acquire();
            opening.add(client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), counting)
                    .whenComplete((ws, e) -> handshakes.release())
                    .thenApply(ws -> {
                        ws.sendText("hello");
                        return ws;
                    }));
        }
        java.util.List<WebSocket> open = new java.util.ArrayList<>();
        for (CompletableFuture<WebSocket> f : opening) {
            open.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(echoed.await(60, TimeUnit.SECONDS)).as("every connection echoed").isTrue();
        assertThat(Thread.activeCount() - threadsBefore).as("threads added while %d connections are open", n)
                .isLessThan(n / 4);
        for (WebSocket ws : open) {
            ws.close(1000, "done");
        }
        assertThat(closed.await(60, TimeUnit.SECONDS)).as("every connection closed").isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(weft.connections()).hasSizeLessThanOrEqualTo(connectionsBefore);
            assertThat(openFiles()).as("open files, %d before", filesBefore).isLessThan(filesBefore + 50);
        });
    }

    /** A WebSocket to {@code path} on the container's plain port, once open. */
    private WebSocket open(String path, WebSocketListener listener) throws Exception {
        return client.connect(URI.create("ws://127.0.0.1:" + port + path), listener).get(10, TimeUnit.SECONDS);
    }

    /** The process's open file descriptors (Linux). */
    private static long openFiles() throws java.io.IOException {
        try (Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * weft's own idle timeout governs a connection inside the container, on weft's clock (a
     * manual one here): traffic resets it, and past it the server closes with 1001 "idle".
     */
    @Test
    void weftsIdleTimeoutClosesAnIdleConnectionWith1001() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(port, "/timed/idle")) {
            clock.advance(Duration.ofSeconds(40));
            raw.writeClientFrame(0x9, new byte[] {1}); // traffic (a ping) resets the count
            assertThat(raw.readServerFrame()).containsExactly(0xA, 1);
            clock.advance(Duration.ofSeconds(60));
            byte[] close = raw.readServerFrame();
            assertThat(close[0]).isEqualTo((byte) 0x8);
            assertThat(java.util.Arrays.copyOfRange(close, 1, close.length)).containsExactly(0x03, 0xe9, 'i', 'd', 'l', 'e');
        }
    }

    @Test
    void theContainersIdleTimeoutDoesNotCutAnIdleWebSocket() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws/echo", inbox);
        inbox.expect("open");
        // Not a timing test of weft (its own timers run on a manual clock elsewhere): the
        // container's timer runs on the wall clock, so the connection idles well past it.
        org.awaitility.Awaitility.await().during(CONTAINER_IDLE_TIMEOUT.multipliedBy(4))
                .atMost(CONTAINER_IDLE_TIMEOUT.multipliedBy(6)).until(() -> ws.readyState() == ReadyState.OPEN);
        ws.sendText("still here");
        assertThat(inbox.nextMessage()).isEqualTo("still here");
        ws.close();
    }

    @Test
    void theServersConnectionsAndBroadcastIncludeTheContainersOnes() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = open("/ws/echo", inbox);
        inbox.expect("open");
        org.awaitility.Awaitility.await().until(() -> weft.connections().size() >= 1);
        assertThat(weft.broadcast("to everyone")).isGreaterThanOrEqualTo(1);
        assertThat(inbox.nextMessage()).isEqualTo("to everyone");
        ws.close();
    }

    /** npm's ws client runs its conversation (echoes up to 16 MiB, subprotocol, 403, closes) through the container. */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"ws", "wss"})
    @NeedsPeers("node with npm ws")
    void npmWsClientThroughTheContainer(String scheme) throws Exception {
        String base = scheme.equals("ws") ? "ws://127.0.0.1:" + port + "/ws" : "wss://localhost:" + tlsPort + "/ws";
        closes.clear();
        try (PeerProcess node = PeerProcess.start("node", "client.js", "ws", base, "--ca", certs.ca().toString())) {
            assertThat(node.await(180)).as("node client.js ws %s; output:%n%s", base, node.output()).isZero();
            assertThat(node.output()).contains("ok binary echo of 16777216 bytes", "ok pong carries the ping payload",
                    "ok subprotocol chat.v1 chosen", "ok handshake refused with 403", "done");
        }
        assertThat(closes.poll(10, TimeUnit.SECONDS)).as("weft saw the client's close").isNotNull();
    }

    /**
     * Chromium loads a page from the container and round-trips a 70,000-character text and a
     * 65,543-byte binary message through weft on the page's origin, with permessage-deflate.
     */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"ws", "wss"})
    @NeedsPeers("Chromium")
    void chromiumThroughTheContainer(String scheme) throws Exception {
        selfTestReports.clear();
        String page = scheme.equals("ws") ? "http://127.0.0.1:" + port + "/selftest/page"
                : "https://localhost:" + tlsPort + "/selftest/page";
        try (PeerProcess chromium = Chromium.open(page, "--ignore-certificate-errors-spki-list=" + certs.spkiSha256("server"))) {
            String report = selfTestReports.poll(90, TimeUnit.SECONDS);
            assertThat(report).as("the page's report; chromium output:%n%s", chromium.output()).isNotNull();
            assertThat(report).startsWith("selftest ok ").contains("scheme=" + scheme + "://", "text=70000", "binary=65543",
                    "extensions=permessage-deflate", "close=4321 clean=true");
        }
    }
}
