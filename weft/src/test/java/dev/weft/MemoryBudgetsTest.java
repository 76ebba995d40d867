package dev.weft;

import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-wide memory budgets on a live server: a connection left waiting for inbound memory
 * is closed with 1013 while the one holding the overdraft finishes; never-reading peers cannot
 * hold more than the outbound budget in send queues; a broadcast frame counts once.
 */
class MemoryBudgetsTest {
    private static final int MIB = 1 << 20;

    private WebSocketServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.stop(Duration.ofMillis(200));
        }
    }

    private void start(MemoryBudgets budgets, WebSocketListener listener) throws IOException {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).memoryBudgets(budgets)
                .endpoint("/", listener).build().start();
    }

    /** The header of a masked binary frame (key 0, so the payload goes as it is). */
    private static byte[] binaryHeader(int length) {
        ByteBuffer h = ByteBuffer.allocate(14);
        h.put((byte) 0x82).put((byte) (0x80 | 127)).putLong(length).putInt(0);
        return h.array();
    }

    /** An upgraded socket that will never read again, with a receive window of a few KiB. */
    private Socket neverReading() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(RawSocket.upgrade("/").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RawSocket.readHead(s.getInputStream())).startsWith("HTTP/1.1 101");
        sockets.add(s);
        return s;
    }

    @Test
    void aConnectionWaitingTooLongForInboundMemoryIsClosedWith1013WhileTheOverdraftFinishes() throws Exception {
        start(MemoryBudgets.builder().inbound(MIB).waitTimeout(Duration.ofSeconds(1)).build(), ServerClientTest.ECHO);
        byte[] big = new byte[4 * MIB];
        java.util.Arrays.fill(big, (byte) 'a');
        try (RawSocket first = RawSocket.upgraded(server.port(), "/");
             RawSocket second = RawSocket.upgraded(server.port(), "/")) {
            // More than the whole budget: it waits, then takes the overdraft and reads on.
            first.write(binaryHeader(big.length)).write(java.util.Arrays.copyOf(big, 65_536));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.memoryStats().inboundBytes() >= big.length);

            // The budget is spent and the overdraft taken: this one waits, and gives up at the deadline.
            second.write(binaryHeader(2 * MIB)).write(new byte[65_536]);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.memoryStats().waitingForMemory() == 1);
            assertThat(second.read(4)).as("a close frame with 1013").containsExactly(0x88, 0x02, 0x03, 0xF5);
            assertThat(server.memoryStats().inboundTimeouts()).isEqualTo(1);

            first.write(java.util.Arrays.copyOfRange(big, 65_536, big.length));
            byte[] echoHeader = first.read(10);
            assertThat(echoHeader[0]).isEqualTo((byte) 0x82);
            assertThat(ByteBuffer.wrap(echoHeader, 2, 8).getLong()).isEqualTo(big.length);
            assertThat(first.read(big.length)).isEqualTo(big);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.memoryStats().inboundBytes() == 0);
        assertThat(server.memoryStats().waitingForMemory()).isZero();
    }

    @Test
    void aThousandNeverReadingPeersHoldNoMoreThanTheOutboundBudgetAndAReaderKeepsReceiving() throws Exception {
        long budget = 16L * MIB;
        LinkedBlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
        start(MemoryBudgets.builder().outbound(budget).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                opened.add(ws);
            }
        });
        AtomicLong mostHeld = new AtomicLong();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                mostHeld.accumulateAndGet(server.memoryStats().outboundBytes(), Math::max);
                Thread.onSpinWait();
            }
        });
        watcher.start();
        ByteBuffer oneMib = ByteBuffer.wrap(new byte[MIB]);
        try (WebSocketClient client = WebSocketClient.create()) {
            Inbox reader = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), reader).get(5, TimeUnit.SECONDS);
            WebSocket toReader = opened.poll(5, TimeUnit.SECONDS);
            int terminated = 0;
            for (int i = 0; i < 1000; i++) {
                neverReading();
                WebSocket slow = opened.poll(5, TimeUnit.SECONDS);
                // The application's slow-consumer rule: a peer whose send is refused is let go.
                if (!sendAll(slow, oneMib, 4)) {
                    slow.terminate();
                    terminated++;
                }
                if (i % 50 == 0) {
                    sendRetrying(toReader, oneMib);
                }
            }
            for (int i = 0; i < 20; i++) {
                assertThat(((ByteBuffer) reader.nextMessage()).remaining()).isEqualTo(MIB);
            }
            assertThat(terminated).as("peers refused for the budget").isGreaterThan(900);
            assertThat(server.memoryStats().outboundRefusals()).isGreaterThanOrEqualTo(terminated);
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(mostHeld.get()).isPositive().isLessThanOrEqualTo(budget);
        for (Socket s : sockets) {
            s.close();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.memoryStats().outboundBytes() == 0);
    }

    /** Sends {@code count} copies; false at the first the budget refuses. */
    private static boolean sendAll(WebSocket ws, ByteBuffer data, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            try {
                ws.sendBinary(data).getNow(null);
            } catch (java.util.concurrent.CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(SendQueueFullException.class);
                return false;
            }
        }
        return true;
    }

    /** A reader's send: refused while the budget is spent by others, so the application tries again. */
    private void sendRetrying(WebSocket ws, ByteBuffer data) throws Exception {
        for (int attempt = 0; ; attempt++) {
            CompletableFuture<Void> sent = ws.sendBinary(data);
            try {
                sent.get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(SendQueueFullException.class);
                assertThat(attempt).as("attempts for one send to a reader").isLessThan(500);
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aBroadcastFrameCountsOnceHoweverManyQueuesHoldIt() throws Exception {
        start(MemoryBudgets.builder().outbound(4L * MIB).build(), new WebSocketListener() { });
        for (int i = 0; i < 50; i++) {
            neverReading();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().size() == 50);
        ByteBuffer payload = ByteBuffer.wrap(new byte[MIB]);
        assertThat(server.broadcast(payload.duplicate())).isEqualTo(50);
        long frame = MIB + 10;
        assertThat(server.memoryStats().outboundBytes()).isEqualTo(frame);
        assertThat(server.broadcast(payload.duplicate())).isEqualTo(50);
        assertThat(server.memoryStats().outboundBytes()).isEqualTo(2 * frame);
        // A third would pass the three quarters of the budget open to queues that are not keeping
        // up: it goes nowhere, and its 50 deliveries are counted as skipped.
        assertThat(server.broadcast(payload.duplicate())).isZero();
        assertThat(server.memoryStats().broadcastSkips()).isEqualTo(50);
        for (WebSocket ws : server.connections()) {
            ws.terminate();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.memoryStats().outboundBytes() == 0);
    }

    @Test
    void aCompressedSendHoldsWhatItQueuedNotItsUncompressedSize() throws Exception {
        LinkedBlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(dev.weft.protocol.deflate.PerMessageDeflate.defaults())
                .memoryBudgets(MemoryBudgets.builder().outbound(MIB).build())
                .endpoint("/", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        opened.add(ws);
                    }
                }).build().start();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(RawSocket.upgrade("/").replace("\r\n\r\n",
                    "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawSocket.readHead(s.getInputStream())).contains("permessage-deflate");
            WebSocket ws = opened.poll(5, TimeUnit.SECONDS);
            String compressible = "the same words again and again; ".repeat(16 * 1024); // 512 KiB
            for (int i = 0; i < 8; i++) {
                // Each asks for its 512 KiB first (what it might queue), then, once compressed on
                // the loop, holds its few KiB of deflate output: eight fit in a budget of two.
                ws.sendText(compressible).getNow(null);
                await().atMost(Duration.ofSeconds(5)).until(() -> server.memoryStats().outboundBytes() < 64 * 1024);
            }
            assertThat(server.memoryStats().outboundRefusals()).as("4 MiB of text sent within a 1 MiB budget").isZero();
        }
    }

    @Test
    void budgetsMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MemoryBudgets.builder().inbound(0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MemoryBudgets.builder().waitTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MemoryBudgets.defaults().inbound())
                .isEqualTo(Math.min(256L * MIB, Runtime.getRuntime().maxMemory() / 4));
    }
}
