package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.HttpProxy;
import dev.weft.client.WebSocketClient;
import dev.weft.testing.Listeners;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's side of an HTTP proxy tunnel against a proxy that answers badly: every refusal
 * or misbehaviour fails the connect as {@code PROXY} (or {@code TIMEOUT}) with what the proxy
 * said, and the request it gets is a proper CONNECT. Real proxies are in weft-tests.
 */
class ProxyTunnelTest {
    /** The client's timeouts run on this clock, which only the timeout test moves. */
    private final ManualTicker clock = new ManualTicker();
    private final WebSocketClient client = WebSocketClient.create(
            WebSocketConfig.builder().handshakeTimeout(Duration.ofSeconds(10)).ticker(clock).build());
    /** Released when the test is over: the fake proxy holds its connection open until then. */
    private final CountDownLatch testOver = new CountDownLatch(1);
    private ServerSocket raw;
    private Thread proxyThread;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    @AfterEach
    void stop() throws Exception {
        testOver.countDown();
        client.close();
        if (raw != null) {
            raw.close();
            proxyThread.join(3000);
        }
    }

    /** A one-connection fake proxy that records the request head and answers {@code answer} (null: closes). */
    private HttpProxy fakeProxy(String answer) throws IOException {
        raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        proxyThread = new Thread(() -> {
            try (Socket s = raw.accept()) {
                String head = RawSocket.readHead(s.getInputStream());
                if (!head.endsWith("\r\n\r\n")) {
                    return;
                }
                request.complete(head);
                if (answer != null) {
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    testOver.await(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException ignored) {
                // the test is over
            }
        });
        proxyThread.start();
        return HttpProxy.of("127.0.0.1", raw.getLocalPort());
    }

    private WebSocketConnectException connectFails(HttpProxy proxy) {
        return connectFails(client.connect(URI.create("ws://server.example:8080/chat"),
                ConnectOptions.builder().proxy(proxy).build(), Listeners.ECHO));
    }

    private static WebSocketConnectException connectFails(CompletableFuture<WebSocket> f) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExecutionException.class,
                e -> thrown[0] = e.getCause());
        assertThat(thrown[0]).isInstanceOf(WebSocketConnectException.class);
        return (WebSocketConnectException) thrown[0];
    }

    @Test
    void sendsAConnectRequestForTheServerWithCredentials() throws Exception {
        HttpProxy proxy = fakeProxy("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
                .withCredentials("aladdin", "opensesame");
        WebSocketConnectException e = connectFails(proxy);
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
        assertThat(e.status()).isEqualTo(407);
        assertThat(e.getMessage()).contains("server.example:8080", "407");
        assertThat(request.get(1, TimeUnit.SECONDS)).isEqualTo("CONNECT server.example:8080 HTTP/1.1\r\n"
                + "Host: server.example:8080\r\nProxy-Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\r\n\r\n");
        assertThat(proxy.toString()).doesNotContain("opensesame", "YWxh");
    }

    /** A proxy's answer (null: it hangs up), the status the failure carries, and what its message says. */
    static Stream<Arguments> badAnswers() {
        return Stream.of(
                Arguments.of("HTTP/1.1 403 Forbidden\r\n\r\n", 403, "refused a tunnel to server.example:8080: 403"),
                Arguments.of("SSH-2.0-OpenSSH\r\n\r\n", 0, "malformed"),
                Arguments.of("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 101", 200, "after opening the tunnel"),
                Arguments.of(null, 0, "closed the connection"));
    }

    @ParameterizedTest
    @MethodSource("badAnswers")
    void aBadAnswerFailsAsProxyWithWhatItSaid(String answer, int status, String message) throws Exception {
        WebSocketConnectException e = connectFails(fakeProxy(answer));
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void aProxyThatNeverFinishesItsAnswerTimesOut() throws Exception {
        HttpProxy proxy = fakeProxy("HTTP/1.1 200 OK\r\n");
        CompletableFuture<WebSocket> f = client.connect(URI.create("ws://server.example:8080/chat"),
                ConnectOptions.builder().proxy(proxy).build(), Listeners.ECHO);
        request.get(5, TimeUnit.SECONDS); // connected to the proxy: the handshake deadline runs
        clock.advance(Duration.ofMillis(9_999));
        assertThat(f).as("before the deadline").isNotDone();
        clock.advance(Duration.ofMillis(1));
        WebSocketConnectException e = connectFails(f);
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.TIMEOUT);
    }

    @Test
    void anUnreachableProxyIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WebSocketConnectException e = connectFails(HttpProxy.of("127.0.0.1", port));
        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.REFUSED);
    }

    @Test
    void aSelectorChoosesPerSchemeAndDirectMeansNone() throws Exception {
        ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", 3128));
        ConnectOptions viaSelector = ConnectOptions.builder().proxy(selector).build();
        HttpProxy chosen = viaSelector.proxyFor(URI.create("wss://example.org/x"));
        assertThat(chosen.host()).isEqualTo("127.0.0.1");
        assertThat(chosen.port()).isEqualTo(3128);
        ProxySelector direct = new ProxySelector() {
            @Override
            public java.util.List<java.net.Proxy> select(URI uri) {
                assertThat(uri.toString()).isEqualTo("http://example.org:80");
                return java.util.List.of(java.net.Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, java.net.SocketAddress sa, IOException ioe) {
            }
        };
        assertThat(ConnectOptions.builder().proxy(direct).build().proxyFor(URI.create("ws://example.org/x"))).isNull();
        assertThat(ConnectOptions.defaults().proxyFor(URI.create("ws://example.org/x"))).isNull();
    }
}
