package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.handshake.AcceptKey;
import dev.weft.protocol.handshake.HandshakeException;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against servers that answer wrongly: each failure is typed and says what happened. */
class ClientFailureTest {
    /** The clients' timeouts run on this clock, which only the timeout test moves. */
    private final ManualTicker clock = new ManualTicker();
    private final WebSocketClient client = WebSocketClient.create(
            WebSocketConfig.builder().handshakeTimeout(Duration.ofSeconds(10)).ticker(clock).build());
    private ServerSocket raw;
    private Thread serverThread;
    /** Completed once the raw server has read the request head. */
    private final CompletableFuture<String> headRead = new CompletableFuture<>();
    /** The first byte the client sent after the raw server's answer. */
    private final CompletableFuture<Byte> clientWroteAgain = new CompletableFuture<>();
    /** Released when the test is over: the raw server holds its connection open until then. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        testOver.countDown();
        client.close();
        if (raw != null) {
            raw.close();
            serverThread.join(2000);
        }
    }

    /** A one-connection server that reads the request head and answers with whatever {@code answer} makes of the key. */
    private URI rawServer(Function<String, byte[]> answer) throws IOException {
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serverThread = new Thread(() -> {
            try (Socket s = raw.accept()) {
                String h = RawSocket.readHead(s.getInputStream());
                if (!h.endsWith("\r\n\r\n")) {
                    return;
                }
                headRead.complete(h);
                int k = h.indexOf("Sec-WebSocket-Key: ") + "Sec-WebSocket-Key: ".length();
                String key = h.substring(k, h.indexOf("\r\n", k));
                OutputStream out = s.getOutputStream();
                out.write(answer.apply(key));
                out.flush();
                byte[] first = new byte[1];
                if (s.getInputStream().read(first) > 0) {
                    clientWroteAgain.complete(first[0]); // such as a close frame after a failure
                }
                testOver.await(5, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
                // the test is over
            }
        });
        serverThread.start();
        return URI.create("ws://127.0.0.1:" + raw.getLocalPort() + "/");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String ok(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + AcceptKey.of(key) + "\r\n";
    }

    private WebSocketConnectException failure(URI uri, ConnectOptions options) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> client.connect(uri, options, new Inbox()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> caught[0] = e.getCause());
        assertThat(caught[0]).isInstanceOf(WebSocketConnectException.class);
        return (WebSocketConnectException) caught[0];
    }

    @Test
    void wrongAcceptValue() throws Exception {
        URI uri = rawServer(key -> ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n"));
        WebSocketConnectException e = failure(uri, ConnectOptions.defaults());
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.HANDSHAKE);
        assertThat(e.handshakeFailure().reason()).isEqualTo(HandshakeException.Reason.BAD_ACCEPT);
    }

    @Test
    void unofferedSubprotocol() throws Exception {
        URI uri = rawServer(key -> ascii(ok(key) + "Sec-WebSocket-Protocol: evil\r\n\r\n"));
        WebSocketConnectException e = failure(uri, ConnectOptions.builder().subprotocols("good").build());
        assertThat(e.handshakeFailure().reason()).isEqualTo(HandshakeException.Reason.UNEXPECTED_SUBPROTOCOL);
    }

    @Test
    void unofferedExtension() throws Exception {
        // The default client offers permessage-deflate; this one offers nothing.
        URI uri = rawServer(key -> ascii(ok(key) + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
        WebSocketConnectException e = failure(uri, ConnectOptions.builder().extensions().build());
        assertThat(e.handshakeFailure().reason()).isEqualTo(HandshakeException.Reason.UNEXPECTED_EXTENSION);
    }

    @Test
    void anOfferedExtensionAnsweredWithParametersItCannotHonour() throws Exception {
        // The client asked for a 10-bit server window; the answer grants none.
        URI uri = rawServer(key -> ascii(ok(key) + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
        WebSocketConnectException e = failure(uri, ConnectOptions.builder().extensions(
                dev.weft.protocol.deflate.PerMessageDeflate.builder().serverMaxWindowBits(10).build()).build());
        assertThat(e.handshakeFailure().reason()).isEqualTo(HandshakeException.Reason.UNEXPECTED_EXTENSION);
        assertThat(e.getMessage()).contains("server_max_window_bits");
    }

    @Test
    void statusWithBody() throws Exception {
        URI uri = rawServer(key -> ascii("HTTP/1.1 401 Unauthorized\r\nContent-Length: 12\r\n\r\nlog in first"));
        WebSocketConnectException e = failure(uri, ConnectOptions.defaults());
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.bodyText()).isEqualTo("log in first");
        assertThat(e.handshakeFailure().reason()).isEqualTo(HandshakeException.Reason.UNEXPECTED_STATUS);
    }

    @Test
    void silentServerTimesOut() throws Exception {
        URI uri = rawServer(key -> new byte[0]);
        CompletableFuture<WebSocket> connecting = client.connect(uri, ConnectOptions.defaults(), new Inbox());
        headRead.get(5, TimeUnit.SECONDS); // connected: the handshake deadline runs
        clock.advance(Duration.ofMillis(9_999));
        assertThat(connecting).as("before the deadline").isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.TIMEOUT);
                    assertThat(e.getMessage()).contains("10000 ms");
                });
    }

    @Test
    void garbageAfterThe101FailsWithAProtocolError() throws Exception {
        // A masked frame from a server is a protocol error (RFC 6455 §5.1): the client fails with 1002.
        URI uri = rawServer(key -> {
            byte[] head = ascii(ok(key) + "\r\n");
            byte[] frame = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'};
            byte[] all = new byte[head.length + frame.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(frame, 0, all, head.length, frame.length);
            return all;
        });
        Inbox inbox = new Inbox();
        client.connect(uri, inbox).get(5, TimeUnit.SECONDS);
        inbox.expect("open", "error:ProtocolException");
        assertThat(clientWroteAgain.get(5, TimeUnit.SECONDS)).as("a close frame").isEqualTo((byte) 0x88);
        // The raw server never answers the client's close: the close timeout (10 s, running
        // since the close frame was queued) ends it.
        clock.advance(Duration.ofSeconds(10));
        assertThat(inbox.awaitClose()).startsWith("close:1002::unclean");
    }

    @Test
    void ipv6LoopbackWorks() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("::1").port(0).endpoint("/", ServerClientTest.ECHO)
                .build().start()) {
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("ws://[::1]:" + server.port() + "/"), inbox).get(5, TimeUnit.SECONDS);
            assertThat(ws.remoteAddress().getAddress().getHostAddress()).contains(":");
            assertThat(ws.handshakeRequest().fields().first("Host")).isEqualTo("[::1]:" + server.port());
            ws.sendText("six");
            assertThat(inbox.nextMessage()).isEqualTo("six");
        }
    }

    @Test
    void callbacksOnAnExecutorNeverOverlapForOneConnection() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        WebSocketListener slow = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                count.incrementAndGet();
                inside.decrementAndGet();
            }
        };
        WebSocketConfig config = WebSocketConfig.builder().executor(pool).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).config(config)
                .endpoint("/", slow).build().start();
             WebSocketClient c = WebSocketClient.create()) {
            WebSocket ws = c.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), new Inbox()).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                ws.sendText("m" + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (count.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(count.get()).isEqualTo(200);
            assertThat(overlaps.get()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
