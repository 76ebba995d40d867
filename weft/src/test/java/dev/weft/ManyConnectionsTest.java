package dev.weft;

import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A thousand connections at once on loopback, every message accounted for, in order. */
class ManyConnectionsTest {
    private static final int CONNECTIONS = 1000;
    private static final int MESSAGES = 20;

    @Test
    void thousandConcurrentConnectionsEchoEveryMessageInOrder() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .endpoint("/echo", ServerClientTest.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create(WebSocketConfig.defaults(), 2)) {
            CountDownLatch allEchoed = new CountDownLatch(CONNECTIONS);
            CountDownLatch allClosed = new CountDownLatch(CONNECTIONS);
            AtomicInteger outOfOrder = new AtomicInteger();
            AtomicInteger unclean = new AtomicInteger();
            ConcurrentHashMap<WebSocket, AtomicInteger> expected = new ConcurrentHashMap<>();
            WebSocketListener listener = new WebSocketListener() {
                @Override
                public void onText(WebSocket ws, String text) {
                    AtomicInteger next = expected.computeIfAbsent(ws, k -> new AtomicInteger());
                    int n = next.getAndIncrement();
                    if (!text.equals("message " + n)) {
                        outOfOrder.incrementAndGet();
                    }
                    if (n == MESSAGES - 1) {
                        allEchoed.countDown();
                    }
                }

                @Override
                public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                    if (!clean || code != 1000) {
                        unclean.incrementAndGet();
                    }
                    allClosed.countDown();
                }
            };
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                opening.add(client.connect(uri, listener));
            }
            List<WebSocket> sockets = new ArrayList<>();
            for (CompletableFuture<WebSocket> f : opening) {
                sockets.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(server.connections()).hasSize(CONNECTIONS);
            for (int m = 0; m < MESSAGES; m++) {
                for (WebSocket ws : sockets) {
                    ws.sendText("message " + m);
                }
            }
            assertThat(allEchoed.await(60, TimeUnit.SECONDS)).as("every connection got all its echoes").isTrue();
            assertThat(outOfOrder.get()).isZero();
            int total = expected.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(total).isEqualTo(CONNECTIONS * MESSAGES);
            for (WebSocket ws : sockets) {
                ws.close();
            }
            assertThat(allClosed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(unclean.get()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.connections().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.connections()).isEmpty();
            server.stop(Duration.ofSeconds(1));
        }
    }
}
