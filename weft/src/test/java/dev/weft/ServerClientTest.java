package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.WebSocketConnectException;
import dev.weft.client.WebSocketClient;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** weft's server and weft's client over loopback. */
class ServerClientTest {
    /** Echoes text as text and binary as binary. */
    static final WebSocketListener ECHO = dev.weft.testing.Listeners.ECHO;

    private WebSocketServer server;
    private WebSocketClient client;
    private final Inbox serverSide = new Inbox() {
        @Override
        public void onText(WebSocket socket, String text) {
            super.onText(socket, text);
            socket.sendText(text);
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .endpoint("/echo", ECHO)
                .endpoint("/inbox", serverSide)
                .endpoint("/chat", Endpoint.of(ECHO).withSubprotocols("chat.v2", "chat.v1"))
                .endpoint("/private", Endpoint.of(ECHO).withInterceptor(HandshakeInterceptor.of(r ->
                        "letmein".equals(r.headers().first("X-Token"))
                                ? UpgradeDecision.accept().withHeader("Set-Cookie", "s=1").withAttachment("user-7")
                                : UpgradeDecision.reject(403, "no token"))))
                .endpoint("/later", Endpoint.of(ECHO).withInterceptor(r ->
                        CompletableFuture.supplyAsync(UpgradeDecision::accept,
                                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))))
                .build().start();
        client = WebSocketClient.create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    @Test
    void textAndBinaryEchoAtManySizes() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/echo"), inbox).get(5, TimeUnit.SECONDS);
        inbox.expect("open");
        Random random = new Random(1);
        for (int size : new int[] {0, 1, 125, 126, 65535, 65536, 1 << 20}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            ws.sendBinary(data);
            ByteBuffer echoed = (ByteBuffer) inbox.nextMessage();
            byte[] got = new byte[echoed.remaining()];
            echoed.get(got);
            assertThat(got).as("binary of %d bytes", size).isEqualTo(data);
            String text = "é€😀".repeat(size / 9 + 1);
            ws.sendText(text);
            assertThat(inbox.nextMessage()).isEqualTo(text);
        }
        ws.close(1000, "done").get(5, TimeUnit.SECONDS);
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void serverSeesOpenMessagesAndClientsClose() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/inbox"), inbox).get(5, TimeUnit.SECONDS);
        serverSide.expect("open");
        ws.sendText("hi");
        serverSide.expect("text:hi");
        inbox.expect("open", "text:hi");
        assertThat(server.connections()).hasSize(1);
        assertThat(server.pendingHandshakes()).isZero();
        ws.close(4000, "bye");
        assertThat(serverSide.awaitClose()).isEqualTo("close:4000:bye:clean");
        assertThat(inbox.awaitClose()).isEqualTo("close:4000::clean");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!server.connections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).isEmpty();
    }

    @Test
    void pingIsAnsweredAndPongReported() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/echo"), inbox).get(5, TimeUnit.SECONDS);
        inbox.expect("open");
        ws.ping(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        inbox.expect("pong:010203");
    }

    @Test
    void subprotocolIsChosenFromTheClientsOffer() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/chat"), ConnectOptions.builder().subprotocols("chat.v1", "chat.v2").build(), inbox)
                .get(5, TimeUnit.SECONDS);
        assertThat(ws.subprotocol()).isEqualTo("chat.v1");
        assertThatThrownBy(() -> client.connect(uri("/chat"), ConnectOptions.builder().subprotocols("other").build(), inbox)
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.HANDSHAKE);
                    assertThat(e.getMessage()).contains("server chose no subprotocol");
                });
        WebSocket none = client.connect(uri("/chat"), ConnectOptions.builder().subprotocols("other").acceptNoSubprotocol(true)
                .build(), inbox).get(5, TimeUnit.SECONDS);
        assertThat(none.subprotocol()).isNull();
    }

    @Test
    void interceptorRejectsWithStatusAndBodyAndAcceptsWithHeaders() throws Exception {
        assertThatThrownBy(() -> client.connect(uri("/private"), new Inbox()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.HANDSHAKE);
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.bodyText()).isEqualTo("no token");
                });
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/private"), ConnectOptions.builder().header("X-Token", "letmein").build(), inbox)
                .get(5, TimeUnit.SECONDS);
        ws.sendText("in");
        assertThat(inbox.nextMessage()).isEqualTo("in");
    }

    @Test
    void asynchronousDecisionsDoNotBlockAndFramesSentEarlyAreKept() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/later"), inbox).get(5, TimeUnit.SECONDS);
        ws.sendText("after a wait");
        assertThat(inbox.nextMessage()).isEqualTo("after a wait");
    }

    @Test
    void unknownPathsAndPlainRequestsGetHttpAnswers() throws Exception {
        assertThatThrownBy(() -> client.connect(uri("/nowhere"), new Inbox()).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(404));
        try (RawSocket raw = new RawSocket(server.port())) {
            String response = new String(raw.write("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd(),
                    StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 426 Upgrade Required\r\n").contains("Sec-WebSocket-Version: 13, 8\r\n");
        }
        try (RawSocket raw = new RawSocket(server.port())) {
            String response = new String(raw.write("GET /none HTTP/1.1\r\nHost: x\r\n\r\n").readToEnd(),
                    StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n");
        }
    }

    @Test
    void connectFailuresAreTyped() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + closedPort + "/"), new Inbox())
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(WebSocketConnectException.class,
                e -> assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.REFUSED));
        assertThatThrownBy(() -> client.connect(URI.create("ws://no-such-host.invalid/"), new Inbox())
                .get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(WebSocketConnectException.class,
                e -> assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.DNS));
    }

    @Test
    void version8Connects() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/echo"), ConnectOptions.builder().version(8).origin("http://o").build(), inbox)
                .get(5, TimeUnit.SECONDS);
        assertThat(ws.handshakeRequest().fields().first("Sec-WebSocket-Version")).isEqualTo("8");
        ws.sendText("v8");
        assertThat(inbox.nextMessage()).isEqualTo("v8");
    }

    @Test
    void sendsAfterCloseFailWithATypedException() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/echo"), inbox).get(5, TimeUnit.SECONDS);
        ws.close();
        assertThatThrownBy(() -> ws.sendText("late").get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(WebSocketClosedException.class);
        assertThatThrownBy(() -> ws.close(1005, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopClosesEveryConnectionWith1001() throws Exception {
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        client.connect(uri("/echo"), a).get(5, TimeUnit.SECONDS);
        client.connect(uri("/echo"), b).get(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(2));
        assertThat(a.awaitClose()).isEqualTo("close:1001::clean");
        assertThat(b.awaitClose()).isEqualTo("close:1001::clean");
    }

    @Test
    void framesInTheSameWriteAsTheRequestHeadAreNotLost() throws Exception {
        try (RawSocket raw = new RawSocket(server.port())) {
            byte[] head = RawSocket.upgrade("/echo").getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'};
            byte[] both = new byte[head.length + frame.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            raw.write(both);
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
            assertThat(raw.read(4)).containsExactly(0x81, 0x02, 'h', 'i');
        }
    }

    @Test
    void protocolViolationsGetACloseFrameWithTheirCodeThenTcpClose() throws Exception {
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/echo")) {
            raw.write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // unmasked: a client must mask
            assertThat(raw.readToEnd()).containsExactly(0x88, 0x02, 0x03, 0xea);
        }
        try (RawSocket raw = RawSocket.upgraded(server.port(), "/echo")) {
            raw.write(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, (byte) 0xff}); // invalid UTF-8
            assertThat(raw.readToEnd()).containsExactly(0x88, 0x02, 0x03, 0xef);
        }
    }

    @Test
    void malformedRequestsGetTheirStatus() throws Exception {
        try (RawSocket raw = new RawSocket(server.port())) {
            String r = new String(raw.write("GET /echo HTTP/1.1\r\nHost x\r\n\r\n").readToEnd(), StandardCharsets.ISO_8859_1);
            assertThat(r).startsWith("HTTP/1.1 400 ");
        }
        try (RawSocket raw = new RawSocket(server.port())) {
            String r = new String(raw.write(RawSocket.upgrade("/echo").replace("Version: 13", "Version: 7")).readToEnd(),
                    StandardCharsets.ISO_8859_1);
            assertThat(r).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13, 8");
        }
        try (RawSocket raw = new RawSocket(server.port())) {
            String r = new String(raw.write("GET /echo HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n").readToEnd(),
                    StandardCharsets.ISO_8859_1);
            assertThat(r).startsWith("HTTP/1.1 431 ");
        }
    }

    @Test
    void textEncodingIsUtf8OnTheWire() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/echo"), inbox).get(5, TimeUnit.SECONDS);
        String s = new String(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, StandardCharsets.UTF_8);
        ws.sendText(s);
        assertThat(inbox.nextMessage()).isEqualTo(s);
    }
}
