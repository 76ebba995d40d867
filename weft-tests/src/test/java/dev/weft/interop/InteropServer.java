package dev.weft.interop;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Listeners;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weft server every peer client talks to: {@code /echo} (and every other path) echoes and
 * answers "please-close" by closing with 4002 "server bye"; {@code /chat} speaks subprotocol
 * chat.v1; {@code /reject} refuses with 403. Each close is recorded as "code reason".
 */
final class InteropServer implements AutoCloseable {
    private final WebSocketServer server;
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    InteropServer() throws IOException {
        WebSocketListener echo = Listeners.echoRecordingCloses(closes);
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .fallbackEndpoint(Endpoint.of(echo))
                .endpoint("/chat", Endpoint.of(echo).withSubprotocols("chat.v1"))
                .endpoint("/reject", Endpoint.of(echo).withInterceptor(HandshakeInterceptor.of(r ->
                        UpgradeDecision.reject(403, "go away"))))
                .build().start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.port();
    }

    int port() {
        return server.port();
    }

    /** Waits for a connection to close with this code and reason. */
    void expectClose(String codeAndReason) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String c = closes.poll(100, TimeUnit.MILLISECONDS);
            if (c == null) {
                continue;
            }
            if (c.equals(codeAndReason)) {
                return;
            }
            seen.append('[').append(c).append(']');
        }
        assertThat(seen.toString()).as("a close with " + codeAndReason).contains(codeAndReason);
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }
}
