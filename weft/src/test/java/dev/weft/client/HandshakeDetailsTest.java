package dev.weft.client;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.protocol.http.ResponseHead;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client's view of its handshake: the 101 response (ws's upgrade event), and a local address. */
class HandshakeDetailsTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @BeforeEach
    void start() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", Endpoint.of(new WebSocketListener() { }).withInterceptor(
                        HandshakeInterceptor.of(request -> UpgradeDecision.accept().withHeader("X-Node", "n1")
                                .withCookie("session", "abc", "Path=/; HttpOnly"))))
                .build().start();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofMillis(500));
    }

    /** Records what onOpen read of the response, and tries again after it returned. */
    private static final class ReadsResponse extends Inbox {
        final CompletableFuture<ResponseHead> inOnOpen = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket ws) {
            inOnOpen.complete(ws.handshakeResponse());
            super.onOpen(ws);
        }
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void theResponseIsReadableInOnOpenAndLetGoAfterUnlessKept() throws Exception {
        ReadsResponse listener = new ReadsResponse();
        WebSocket ws = client.connect(uri(), listener).get(5, TimeUnit.SECONDS);
        ResponseHead response = listener.inOnOpen.get(5, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.fields().first("X-Node")).isEqualTo("n1");
        assertThat(response.fields().first("Set-Cookie")).isEqualTo("session=abc; Path=/; HttpOnly");
        listener.expect("open");
        assertThatThrownBy(ws::handshakeResponse).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepHandshakeResponse");

        WebSocket kept = client.connect(uri(), ConnectOptions.builder().keepHandshakeResponse(true).build(), new Inbox())
                .get(5, TimeUnit.SECONDS);
        assertThat(kept.handshakeResponse().fields().first("X-Node")).isEqualTo("n1");

        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().size() == 2);
        assertThatThrownBy(() -> server.connections().iterator().next().handshakeResponse())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSocketIsBoundToTheLocalAddressAskedFor() throws Exception {
        // Any 127/8 address is this machine on Linux: the server sees the one the client bound.
        client.connect(uri(), ConnectOptions.builder().localAddress(new InetSocketAddress("127.0.0.2", 0)).build(),
                new Inbox()).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().size() == 1);
        assertThat(server.connections().iterator().next().remoteAddress().getAddress().getHostAddress())
                .isEqualTo("127.0.0.2");
    }
}
