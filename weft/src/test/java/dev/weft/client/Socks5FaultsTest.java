package dev.weft.client;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against a SOCKS5 proxy written for the test, which says exactly what it is told:
 * the request's bytes (the server's name, for the proxy to resolve), then a relay, a wrong
 * version, a refusal, silence or a close.
 */
class Socks5FaultsTest {
    private final ManualTicker clock = new ManualTicker();
    private final WebSocketClient client = WebSocketClient.create(WebSocketConfig.builder().ticker(clock)
            .handshakeTimeout(Duration.ofSeconds(10)).build(), 1);
    private ServerSocket proxy;
    private WebSocketServer server;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.stop(Duration.ofMillis(200));
        }
    }

    /** How the fake proxy behaves once it has read the greeting (no authentication) and the CONNECT. */
    private interface Behaviour {
        void after(byte[] connectRequest, InputStream in, OutputStream out) throws Exception;
    }

    /** Starts the fake proxy; completes with the CONNECT request it read. */
    private CompletableFuture<byte[]> fakeProxy(boolean answerGreeting, byte[] greetingAnswer, Behaviour behaviour)
            throws IOException {
        proxy = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        CompletableFuture<byte[]> request = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Socket s = proxy.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                byte[] greeting = new byte[3];
                in.readFully(greeting);
                if (!answerGreeting) {
                    if (greetingAnswer == null) {
                        Thread.sleep(60_000); // silence
                    }
                    return; // close
                }
                out.write(greetingAnswer);
                out.flush();
                byte[] head = new byte[5];
                in.readFully(head);
                int rest = head[3] == 3 ? (head[4] & 0xff) + 2 : head[3] == 1 ? 3 + 2 : 15 + 2;
                byte[] connect = java.util.Arrays.copyOf(head, 5 + rest);
                in.readFully(connect, 5, rest);
                request.complete(connect);
                behaviour.after(connect, in, out);
            } catch (Exception e) {
                request.completeExceptionally(e);
            }
        }, "fake-socks");
        t.setDaemon(true);
        t.start();
        return request;
    }

    private WebSocketConnectException failure(String target) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.connect(URI.create(target),
                ConnectOptions.builder().proxy(SocksProxy.of("127.0.0.1", proxy.getLocalPort())).build(), new Inbox())
                .get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketConnectException.class);
        return (WebSocketConnectException) t.getCause();
    }

    @Test
    void theNameGoesToTheProxyAndTheTunnelCarriesTheConnection() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).endpoint("/echo", Listeners.ECHO).build().start();
        int serverPort = server.port();
        CompletableFuture<byte[]> request = fakeProxy(true, new byte[] {5, 0}, (connect, in, out) -> {
            try (Socket upstream = new Socket("127.0.0.1", serverPort)) {
                out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0x04, 0x38});
                out.flush();
                Thread pump = new Thread(() -> {
                    try {
                        upstream.getInputStream().transferTo(out);
                    } catch (IOException ignored) {
                        // closed
                    }
                });
                pump.setDaemon(true);
                pump.start();
                in.transferTo(upstream.getOutputStream());
            }
        });
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://localhost:" + serverPort + "/echo"),
                ConnectOptions.builder().proxy(SocksProxy.of("127.0.0.1", proxy.getLocalPort())).build(), inbox)
                .get(10, TimeUnit.SECONDS);
        ws.sendText("relayed");
        assertThat(inbox.nextMessage()).isEqualTo("relayed");
        byte[] connect = request.get(5, TimeUnit.SECONDS);
        assertThat(connect[1]).as("CONNECT").isEqualTo((byte) 1);
        assertThat(connect[3]).as("a domain name, resolved by the proxy").isEqualTo((byte) 3);
        assertThat(new String(connect, 5, connect[4], StandardCharsets.US_ASCII)).isEqualTo("localhost");
        assertThat(((connect[connect.length - 2] & 0xff) << 8) | (connect[connect.length - 1] & 0xff)).isEqualTo(serverPort);
    }

    @Test
    void aWrongVersionARefusalAndAnEarlyCloseEachFailTyped() throws Exception {
        fakeProxy(true, new byte[] {4, 0}, (c, in, out) -> { });
        WebSocketConnectException e = failure("ws://127.0.0.1:9/");
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
        assertThat(e.getMessage()).contains("SOCKS version 4");
        proxy.close();

        fakeProxy(true, new byte[] {5, 0}, (c, in, out) -> {
            out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            Thread.sleep(500);
        });
        e = failure("ws://127.0.0.1:9/");
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
        assertThat(e.status()).as("the SOCKS reply code").isEqualTo(5);
        assertThat(e.getMessage()).contains("connection refused");
        proxy.close();

        fakeProxy(false, new byte[0], (c, in, out) -> { });
        e = failure("ws://127.0.0.1:9/");
        assertThat(e.reason()).isIn(WebSocketConnectException.Reason.PROXY, WebSocketConnectException.Reason.IO);
        assertThat(e.getMessage()).contains("before the tunnel");
    }

    @Test
    void aSilentProxyFailsAtTheHandshakeTimeoutOnTheClientsClock() throws Exception {
        fakeProxy(false, null, (c, in, out) -> { });
        CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:9/"),
                ConnectOptions.builder().proxy(SocksProxy.of("127.0.0.1", proxy.getLocalPort())).build(), new Inbox());
        Thread.sleep(200); // connected to the proxy and waiting
        assertThat(connecting).isNotDone();
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> connecting.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class,
                        f -> assertThat(f.reason()).isEqualTo(WebSocketConnectException.Reason.TIMEOUT));
    }
}
