package dev.weft;

import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many compressed messages in progress at once under an inbound budget far smaller than their
 * sum: connections stop mid-message (mid-inflate) and go on, and every message arrives intact.
 */
class BudgetedCompressionTest {
    private static final int CLIENTS = 20;
    private static final int PIECE = 64 << 10;
    private static final int PIECES = 80;

    @Test
    void interleavedCompressedMessagesFarOverTheBudgetAllArriveIntact() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .extensions(PerMessageDeflate.defaults())
                .memoryBudgets(MemoryBudgets.builder().inbound(16 << 20).build())
                .endpoint("/", ServerClientTest.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create(WebSocketConfig.defaults(), 2,
                     MemoryBudgets.builder().inbound(1 << 20).build())) {
            List<WebSocket> sockets = new ArrayList<>();
            List<CompletableFuture<String>> echoes = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                CompletableFuture<String> echo = new CompletableFuture<>();
                echoes.add(echo);
                sockets.add(client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        echo.complete(text);
                    }
                }).get(5, TimeUnit.SECONDS));
            }
            for (int p = 0; p < PIECES; p++) {
                for (int i = 0; i < CLIENTS; i++) {
                    sockets.get(i).sendTextFragment(piece(i, p), p == PIECES - 1);
                }
            }
            for (int i = 0; i < CLIENTS; i++) {
                String got = echoes.get(i).get(60, TimeUnit.SECONDS);
                StringBuilder want = new StringBuilder();
                for (int p = 0; p < PIECES; p++) {
                    want.append(piece(i, p));
                }
                assertThat(got.length()).isEqualTo(want.length());
                assertThat(got).as("client " + i).isEqualTo(want.toString());
            }
            assertThat(server.memoryStats().inboundBytes()).isZero();
        }
    }

    private static String piece(int id, int p) {
        String unit = "client " + id + " piece " + p + "; ";
        StringBuilder b = new StringBuilder(PIECE);
        while (b.length() < PIECE) {
            b.append(unit);
        }
        b.setLength(PIECE);
        return b.toString();
    }
}
