package dev.weft.hostile;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile peers after the handshake: ping floods, vanishing mid-frame, and many connections that never speak. */
class HostileFramesTest {
    private WebSocketServer server;
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private void start(WebSocketConfig config) throws IOException {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(config)
                .endpoint("/", new WebSocketListener() {
                    @Override
                    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                        closes.add(code + (clean ? " clean" : " unclean"));
                    }
                }).build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    private SocketChannel upgraded() throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        ch.write(ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(one.get(0));
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101 ");
        return ch;
    }

    /**
     * A peer floods pings and never reads. The server goes on reading them all (a server that
     * stopped reading while its own output waited would deadlock with a peer doing the same),
     * queues answers up to {@code maxQueuedPongs} (64), and while those are unread holds only the
     * answer to the latest ping (RFC 6455 §5.5.3), so its memory stays flat however many pings come. Once the peer reads, the
     * answer to its last ping arrives, and the connection closes cleanly.
     */
    @Test
    void aPingFloodFromAPeerThatNeverReadsIsReadOnAndOnlyTheLatestPingAnswered() throws Exception {
        start(WebSocketConfig.defaults());
        try (SocketChannel ch = upgraded()) {
            ch.configureBlocking(false);
            byte[] ping = RawFrame.ping(new byte[] {1, 2, 3, 4}).mask(0x11223344).bytes();
            ByteBuffer burst = ByteBuffer.allocate(ping.length * 4096);
            for (int i = 0; i < 4096; i++) {
                burst.put(ping);
            }
            burst.flip();
            long flood = 16L * 1024 * 1024; // 1.7 million pings: without coalescing, hundreds of megabytes of pongs
            long heapBefore = Heap.usedAfterGc();
            long sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Whole bursts only: a flood that stopped inside a frame would make the next ping garbage (1002).
            while ((sent < flood || burst.hasRemaining()) && System.nanoTime() < deadline) {
                if (!burst.hasRemaining()) {
                    burst.rewind();
                }
                int n = ch.write(burst);
                sent += n;
                if (n == 0) {
                    Thread.sleep(1); // the server is still working through what it took
                }
            }
            long pings = sent / ping.length;
            long heapGrowth = Heap.usedAfterGc() - heapBefore;
            System.out.printf("ping flood: %d pings taken from a peer that never read; heap grew %d bytes%n",
                    pings, heapGrowth);
            assertThat(sent).as("the server read every ping while its pongs went unread").isGreaterThanOrEqualTo(flood);
            assertThat(sent % ping.length).as("the flood ends on a frame boundary").isZero();
            // A pong queued per ping would hold hundreds of megabytes here (a pooled frame, a ring
            // slot and a future each); the bound leaves room for what other tests in this JVM
            // still do (growth measured alone: a few kilobytes; once in CI after the whole suite: 26 MB).
            assertThat(heapGrowth).isLessThan(64L * 1024 * 1024);

            ch.configureBlocking(true);
            ch.write(ByteBuffer.wrap(RawFrame.ping(new byte[] {9, 9, 9, 9}).mask(0x55667788).bytes()));
            ch.socket().setSoTimeout(5000);
            InputStream in = ch.socket().getInputStream();
            long pongs = 0;
            byte[] frame = new byte[6];
            do {
                readFully(in, frame);
                assertThat(frame[0] & 0xFF).as("a pong").isEqualTo(0x8A);
                assertThat(frame[1]).isEqualTo((byte) 4);
                pongs++;
            } while (frame[2] != 9);
            assertThat(frame).as("the answer to the last ping").containsExactly(0x8A, 4, 9, 9, 9, 9);
            System.out.printf("ping flood: %d pongs for %d pings%n", pongs, pings + 1);
            assertThat(pongs).as("only the latest answered while earlier answers were unread").isLessThan(pings / 100);
            ch.write(ByteBuffer.wrap(RawFrame.close(1000, "").mask(0x01020304).bytes()));
            readFully(in, new byte[4]);
            assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("1000 clean");
        }
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int at = 0;
        while (at < into.length) {
            int n = in.read(into, at, into.length - at);
            if (n < 0) {
                throw new IOException("the server closed after " + at + " bytes");
            }
            at += n;
        }
    }


    @Test
    void aPeerThatVanishesMidFrameIsReportedAs1006() throws Exception {
        start(WebSocketConfig.defaults());
        try (SocketChannel ch = upgraded()) {
            byte[] frame = RawFrame.binary(new byte[1000]).mask(5).bytes();
            ch.write(ByteBuffer.wrap(frame, 0, 100));
        }
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("1006 unclean");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!server.connections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).isEmpty();
    }

    @Test
    void thousandsOfSilentConnectionsAreCutOffByTheHandshakeTimeout() throws Exception {
        dev.weft.testing.ManualTicker clock = new dev.weft.testing.ManualTicker();
        start(WebSocketConfig.builder().handshakeTimeout(Duration.ofSeconds(10)).ticker(clock).build());
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                if (i % 2 == 0) {
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost:".getBytes(StandardCharsets.ISO_8859_1));
                }
                silent.add(s);
            }
            // Meanwhile a well-behaved client still gets through (and, accepted after them all on
            // the one loop, shows that every silent connection's deadline is running).
            try (SocketChannel ok = upgraded()) {
                assertThat(ok.isConnected()).isTrue();
            }
            clock.advance(Duration.ofSeconds(10));
            int answered408 = 0;
            for (Socket s : silent) {
                s.setSoTimeout(5000);
                byte[] answer = s.getInputStream().readAllBytes();
                if (new String(answer, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 408 ")) {
                    answered408++;
                }
            }
            assertThat(answered408).isEqualTo(2000);
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingHandshakes() == 0);
    }
}
