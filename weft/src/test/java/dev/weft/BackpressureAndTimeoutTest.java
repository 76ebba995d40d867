package dev.weft;

import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
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

    @Test
    void aPeerThatNeverAnswersTheCloseIsDroppedAfterTheCloseTimeout() throws Exception {
        WebSocketConfig config = WebSocketConfig.builder().closeTimeout(Duration.ofMillis(300)).build();
        AtomicReference<WebSocket> opened = new AtomicReference<>();
        Inbox inbox = startServer(config, opened);
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            inbox.expect("open");
            long start = System.nanoTime();
            opened.get().close(1000, "going");
            byte[] all = raw.readToEnd();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(all).startsWith(0x88, 7, 0x03, 0xe8, 'g', 'o', 'i', 'n', 'g');
            assertThat(elapsedMillis).isBetween(250L, 4000L);
            assertThat(inbox.awaitClose()).isEqualTo("close:1006::unclean");
        }
    }

    @Test
    void aClientTricklingItsRequestIsCutOffByTheHandshakeTimeout() throws Exception {
        WebSocketConfig config = WebSocketConfig.builder().handshakeTimeout(Duration.ofMillis(400)).build();
        startServer(config, new AtomicReference<>());
        try (RawSocket raw = new RawSocket(server.port())) {
            String request = RawSocket.upgrade("/");
            boolean cut = false;
            for (int i = 0; i < request.length() && !cut; i++) {
                try {
                    raw.write(request.substring(i, i + 1));
                } catch (IOException e) {
                    cut = true;
                }
                Thread.sleep(50);
                if (i > 20) {
                    break;
                }
            }
            String answer = new String(raw.readToEnd(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
        // The server half-closed after its answer and lets go once the client has closed too.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (server.pendingHandshakes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.pendingHandshakes()).isZero();
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
