package dev.weft.hostile;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 connections opened, used and closed in ten waves: afterwards the process's file
 * descriptors, threads and heap return to where they were. Leaks of sockets, timers, buffers or
 * sessions would show here.
 */
class ChurnTest {
    private static final int WAVES = 10;
    private static final int PER_WAVE = 1000;

    private static int openFileDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        assertThat(fds).as("/proc/self/fd (this test needs Linux)").isNotNull();
        return fds.length;
    }


    @Test
    void tenThousandConnectionsInWavesLeaveNothingBehind() throws Exception {
        WebSocketListener echo = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .endpoint("/", echo).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
            // One warm-up wave, so that lazily created things (pools, classes) exist in the baseline.
            wave(client, uri, 100);
            settle(server);
            int fdsBefore = openFileDescriptors();
            int threadsBefore = Thread.activeCount();
            long heapBefore = Heap.usedAfterGc();
            for (int w = 0; w < WAVES; w++) {
                wave(client, uri, PER_WAVE);
            }
            settle(server);
            int fdsAfter = openFileDescriptors();
            int threadsAfter = Thread.activeCount();
            long heapAfter = Heap.usedAfterGc();
            System.out.printf("churn: fds %d -> %d, threads %d -> %d, heap %d -> %d bytes%n",
                    fdsBefore, fdsAfter, threadsBefore, threadsAfter, heapBefore, heapAfter);
            assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + 5);
            assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
            assertThat(heapAfter - heapBefore).isLessThan(16L * 1024 * 1024);
            assertThat(server.connections()).isEmpty();
            assertThat(server.pendingHandshakes()).isZero();
        }
    }

    /** Opens n connections, round-trips a message on each, closes them all and waits for every close. */
    private static void wave(WebSocketClient client, URI uri, int n) throws Exception {
        CountDownLatch echoed = new CountDownLatch(n);
        CountDownLatch closed = new CountDownLatch(n);
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                echoed.countDown();
                ws.close();
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                closed.countDown();
            }
        };
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            opening.add(client.connect(uri, listener).thenApply(ws -> {
                ws.sendText("hi");
                return ws;
            }));
        }
        for (CompletableFuture<WebSocket> f : opening) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(echoed.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(closed.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void settle(WebSocketServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!server.connections().isEmpty() || server.pendingHandshakes() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }
}
