package dev.weft;

import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Outbound backpressure with a peer that never reads, and the transport's timers. */
class BackpressureAndTimeoutTest {
    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofMillis(200));
        }
    }

    private Inbox startServer(WebSocketConfig config, AtomicReference<WebSocket> opened) throws IOException {
        Inbox inbox = new Inbox() {
            @Override
            public void onOpen(WebSocket socket) {
                opened.set(socket);
                super.onOpen(socket);
            }

            @Override
            public void onWritable(WebSocket socket) {
                super.onWritable(socket);
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(config)
                .endpoint("/", inbox).build().start();
        return inbox;
    }

    @Test
    void aPeerThatNeverReadsMeetsTheCapAndTheConnectionStaysUp() throws Exception {
        // Well above what the kernel takes from a peer that never reads (send buffer autotuned up
        // to tcp_wmem's 4 MiB, receive buffer left near its initial size): with a cap near that,
        // the loop could move the whole queue into the kernel right after the refusal.
        long cap = 16 * 1024 * 1024;
        WebSocketConfig config = WebSocketConfig.builder().maxOutboundBytes(cap).watermarks(256 * 1024, 1024 * 1024).build();
        AtomicReference<WebSocket> opened = new AtomicReference<>();
        Inbox inbox = startServer(config, opened);
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            inbox.expect("open");
            WebSocket ws = opened.get();
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            int accepted = 0;
            SendQueueFullException refused = null;
            for (int i = 0; i < 10_000 && refused == null; i++) {
                CompletableFuture<Void> f = ws.sendBinary(chunk);
                if (f.isCompletedExceptionally()) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        refused = (SendQueueFullException) e.getCause();
                    }
                } else {
                    accepted++;
                }
                assertThat(ws.bufferedAmount()).isLessThanOrEqualTo(cap);
            }
            assertThat(refused).as("a send refused at the cap").isNotNull();
            // The kernel's socket buffers hold some; the rest waits in weft's queue, never past the cap.
            assertThat(accepted).isLessThan(10_000);
            assertThat(ws.isWritable()).isFalse();
            assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);

            // Now the peer reads: the queue drains and the listener hears it may write again.
            long total = (long) accepted * (4 + 64 * 1024 + 10);
            long read = 0;
            byte[] sink = new byte[256 * 1024];
            while (read < (long) accepted * 64 * 1024 && ws.bufferedAmount() > 0) {
                int n = raw.readSome(sink);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertThat(read).isLessThanOrEqualTo(total);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ws.bufferedAmount() > 0 && System.nanoTime() < deadline) {
                // The last bytes may already be read while the server has yet to count them as written.
                if (raw.available() > 0) {
                    raw.readSome(sink);
                } else {
                    Thread.sleep(5);
                }
            }
            assertThat(ws.bufferedAmount()).isZero();
            assertThat(ws.isWritable()).isTrue();
            assertThat(ws.sendText("still open").get(5, TimeUnit.SECONDS)).isNull();
        }
    }

    /** How the two weft peers of {@link #twoWeftPeersEachQueueingMegabytesForTheOtherBothFinish} are connected. */
    enum Wire { PLAIN, DEFLATE, TLS }

    /**
     * A weft client and a weft server each queue megabytes for the other at once (the server
     * floods the client on open and echoes what it gets; the client sends its own flood): both
     * finish, in plain, compressed (incompressible bytes, so the queues really fill) and TLS
     * connections. Each side's queue passes its high watermark, and a side that stopped reading
     * then would leave the other's output unread, which stops the other reading too, for good.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Wire.class)
    void twoWeftPeersEachQueueingMegabytesForTheOtherBothFinish(Wire wire) throws Exception {
        int messages = 16;
        int size = 1 << 20;
        dev.weft.testing.TestCertificates certs = wire == Wire.TLS
                ? dev.weft.testing.TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1") : null;
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .endpoint("/", dev.weft.server.Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        for (int i = 0; i < messages; i++) {
                            ws.sendBinary(incompressible(size, (byte) 's', i));
                        }
                    }

                    @Override
                    public void onBinary(WebSocket ws, ByteBuffer data) {
                        ws.sendBinary(data);
                    }
                }));
        if (wire == Wire.DEFLATE) {
            builder.extensions(dev.weft.protocol.deflate.PerMessageDeflate.defaults());
        }
        if (certs != null) {
            builder.tlsPort(0).tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")));
        }
        server = builder.build().start();
        java.util.concurrent.ConcurrentHashMap<Byte, java.util.concurrent.atomic.AtomicInteger> received =
                new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(2 * messages);
        dev.weft.client.ConnectOptions.Builder options = dev.weft.client.ConnectOptions.builder();
        if (certs != null) {
            options.tls(TlsConfig.trusting(certs.ca()));
        }
        java.net.URI uri = java.net.URI.create(certs != null ? "wss://localhost:" + server.tlsPort() + "/"
                : "ws://127.0.0.1:" + server.port() + "/");
        try (dev.weft.client.WebSocketClient client = dev.weft.client.WebSocketClient.create()) {
            WebSocket ws = client.connect(uri, options.build(), new WebSocketListener() {
                @Override
                public void onBinary(WebSocket socket, ByteBuffer data) {
                    if (data.remaining() == size && data.get(0) == data.get(size - 1)) {
                        received.computeIfAbsent(data.get(0), k -> new java.util.concurrent.atomic.AtomicInteger())
                                .incrementAndGet();
                    }
                    all.countDown();
                }
            }).get(5, TimeUnit.SECONDS);
            assertThat(ws.extensions().isEmpty()).as("compressed").isEqualTo(wire != Wire.DEFLATE);
            assertThat(ws.isSecure()).isEqualTo(wire == Wire.TLS);
            for (int i = 0; i < messages; i++) {
                ws.sendBinary(incompressible(size, (byte) 'c', i));
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).as("%d of %d messages still missing", all.getCount(),
                    2 * messages).isTrue();
            assertThat(received.get((byte) 's')).as("the server's own flood").hasValue(messages);
            assertThat(received.get((byte) 'c')).as("the client's flood, echoed").hasValue(messages);
        }
    }

    /** Random bytes (nothing for deflate to shrink) between a first and last byte of {@code mark}. */
    private static ByteBuffer incompressible(int size, byte mark, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        bytes[0] = mark;
        bytes[size - 1] = mark;
        return ByteBuffer.wrap(bytes);
    }

    /**
     * A listener that sends from onWritable for as long as isWritable() says so: when its peer
     * goes away, the queue is dropped, and onWritable must not be called for the closing
     * connection, whose every send would be refused without the queue growing (the loop would
     * spin there for ever and onClose never come).
     */
    @Test
    void aPeerThatLeavesWhileTheServerFloodsItEndsTheFloodAndTheConnection() throws Exception {
        WebSocketConfig config = WebSocketConfig.builder().socketSendBuffer(16 << 10).watermarks(16 << 10, 64 << 10).build();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        String kib = "f".repeat(1024);
        WebSocketListener flood = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                onWritable(socket);
            }

            @Override
            public void onWritable(WebSocket socket) {
                while (socket.isWritable()) {
                    socket.sendText(kib);
                }
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean clean) {
                closed.complete(code);
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(config)
                .endpoint("/flood", flood).endpoint("/echo", new Inbox()).build().start();
        RawSocket raw = RawSocket.upgraded(server.port(), "/flood");
        raw.read(4096); // some of the flood arrived: the server's queue is past its high watermark
        raw.close();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1006);
        try (RawSocket other = RawSocket.upgraded(server.port(), "/echo")) {
            assertThat(other.isOpenNow()).as("the loop serves others").isTrue();
        }
    }

    /** A listener that pauses and resumes reading within one callback loses nothing and stalls nothing. */
    @Test
    void pausingAndResumingInOneCallbackKeepsEveryMessage() throws Exception {
        java.util.concurrent.BlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).endpoint("/", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.pauseReading();
                got.add(text);
                ws.resumeReading();
            }
        }).build().start();
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                byte[] text = ("m" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                frames.write(new byte[] {(byte) 0x81, (byte) (0x80 | text.length), 0, 0, 0, 0}, 0, 6); // zero mask key
                frames.write(text, 0, text.length);
            }
            raw.write(frames.toByteArray()); // one read holds them all
            for (int i = 0; i < 50; i++) {
                assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("m" + i);
            }
        }
    }

    /** See {@link RawSocket#awaitLoopTurn}. */
    private void loopTurned() throws IOException {
        RawSocket.awaitLoopTurn(server.port(), "/");
    }

    @Test
    void aPeerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
        ManualTicker clock = new ManualTicker();
        WebSocketConfig config = WebSocketConfig.builder().closeTimeout(Duration.ofSeconds(10)).ticker(clock).build();
        AtomicReference<WebSocket> opened = new AtomicReference<>();
        Inbox inbox = startServer(config, opened);
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            inbox.expect("open");
            opened.get().close(1000, "going");
            assertThat(raw.readServerFrame()).containsExactly(0x8, 0x03, 0xe8, 'g', 'o', 'i', 'n', 'g');
            clock.advance(Duration.ofMillis(9_999));
            loopTurned();
            assertThat(raw.isOpenNow()).as("still waiting for the peer's close, 1 ms before the timeout").isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(raw.readToEnd()).as("dropped at the timeout, nothing more sent").isEmpty();
        }
        assertThat(inbox.awaitClose()).isEqualTo("close:1006::unclean");
    }

    @Test
    void afterThePeersCloseFrameTheServerClosesOutrightWithoutWaitingForThePeersEnd() throws Exception {
        // The loop's clock never moves: a lingering close (which waits for the peer's end of the
        // connection, or two seconds on this clock) would keep the connection open for ever.
        ManualTicker clock = new ManualTicker();
        Inbox inbox = startServer(WebSocketConfig.builder().ticker(clock).build(), new AtomicReference<>());
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            inbox.expect("open");
            raw.writeClientFrame(0x8, new byte[] {0x03, (byte) 0xe8});
            assertThat(raw.readServerFrame()).containsExactly(0x8, 0x03, 0xe8);
            assertThat(raw.closedByPeer()).as("the server's end follows its close frame").isTrue();
            // The raw client still holds its end open; the server has let go of the connection.
            assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
        }
    }

    @Test
    void aClientTricklingItsRequestIsCutOffByTheHandshakeTimeout() throws Exception {
        ManualTicker clock = new ManualTicker();
        WebSocketConfig config = WebSocketConfig.builder().handshakeTimeout(Duration.ofSeconds(10)).ticker(clock).build();
        startServer(config, new AtomicReference<>());
        try (RawSocket raw = new RawSocket(server.port())) {
            String request = RawSocket.upgrade("/");
            raw.write(request.substring(0, 20));
            loopTurned(); // the server has taken the connection in: its deadline runs from now
            clock.advance(Duration.ofSeconds(5));
            raw.write(request.substring(20, 40)); // a trickle is no reason for more time
            clock.advance(Duration.ofMillis(4_999));
            loopTurned();
            assertThat(raw.isOpenNow()).as("1 ms before the deadline").isTrue();
            clock.advance(Duration.ofMillis(1));
            String answer = new String(raw.readToEnd(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
        // The server half-closed after its answer and lets go once the client has closed too.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingHandshakes() == 0);
    }

    @Test
    void readingPausesAndResumes() throws Exception {
        AtomicReference<WebSocket> opened = new AtomicReference<>();
        Inbox inbox = startServer(WebSocketConfig.defaults(), opened);
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            inbox.expect("open");
            opened.get().pauseReading();
            Thread.sleep(100);
            raw.write(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'a'});
            inbox.expectQuiet(300);
            opened.get().resumeReading();
            inbox.expect("text:a");
        }
    }
}
