package dev.weft.interop;

import dev.weft.testing.NeedsPeers;
import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.client.ConnectOptions;
import dev.weft.client.HttpProxy;
import dev.weft.client.WebSocketClient;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * weft's client through Debian's tinyproxy, an HTTP proxy we did not write: ws:// and wss://
 * (TLS end to end through the CONNECT tunnel, the certificate checked against the server's
 * name), Basic credentials, a proxy that refuses the port, and the JVM-style proxy selector.
 * tinyproxy's own log shows each tunnel went through it.
 */
@NeedsPeers("tinyproxy")
class ProxyInteropTest {
    private static TestCertificates certs;
    private static WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1");
        server = WebSocketServer.builder().host("127.0.0.1").port(0).tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .fallbackEndpoint(Endpoint.of(Listeners.ECHO)).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @org.junit.jupiter.api.AfterEach
    void closeClient() {
        client.close();
    }

    /** Opens {@code uri} with {@code options}, echoes a text and a 1 MiB binary, and closes. */
    private void echoThrough(String uri, ConnectOptions options) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create(uri), options, inbox).get(20, TimeUnit.SECONDS);
        inbox.expect("open");
        ws.sendText("through the tunnel");
        assertThat(inbox.nextMessage()).isEqualTo("through the tunnel");
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big));
        assertThat(inbox.nextMessage()).isEqualTo(ByteBuffer.wrap(big));
        ws.close(1000, "done");
        assertThat(inbox.awaitClose()).startsWith("close:1000:").endsWith(":clean");
    }

    private static ConnectOptions.Builder via(TinyProxy proxy) {
        return ConnectOptions.builder().proxy(HttpProxy.of("127.0.0.1", proxy.port()));
    }

    @Test
    void wsAndWssThroughTinyproxy() throws Exception {
        try (TinyProxy proxy = TinyProxy.start(null, 0)) {
            echoThrough("ws://127.0.0.1:" + server.port() + "/plain", via(proxy).build());
            echoThrough("wss://localhost:" + server.tlsPort() + "/secure",
                    via(proxy).tls(TlsConfig.trusting(certs.ca())).build());
            assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + server.port(), "CONNECT localhost:" + server.tlsPort());
        }
    }

    @Test
    void credentialsAreSentWhenTheProxyAsks() throws Exception {
        try (TinyProxy proxy = TinyProxy.start("weft:s3cret", 0)) {
            String uri = "ws://127.0.0.1:" + server.port() + "/";
            WebSocketConnectException without = connectFails(uri, via(proxy).build());
            assertThat(without.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
            assertThat(without.status()).isEqualTo(407);
            WebSocketConnectException wrong = connectFails(uri, ConnectOptions.builder()
                    .proxy(HttpProxy.of("127.0.0.1", proxy.port()).withCredentials("weft", "guess")).build());
            // tinyproxy 1.11 answers wrong credentials with 401 rather than 407 again.
            assertThat(wrong.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
            assertThat(wrong.status()).isIn(401, 407);
            echoThrough(uri, ConnectOptions.builder()
                    .proxy(HttpProxy.of("127.0.0.1", proxy.port()).withCredentials("weft", "s3cret")).build());
        }
    }

    @Test
    void aProxyThatWillNotReachThePortRefusesWith403() throws Exception {
        try (TinyProxy proxy = TinyProxy.start(null, server.tlsPort())) {
            WebSocketConnectException e = connectFails("ws://127.0.0.1:" + server.port() + "/", via(proxy).build());
            assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.getMessage()).contains("refused a tunnel to 127.0.0.1:" + server.port());
        }
    }

    @Test
    void aProxySelectorIsAskedOnEachConnect() throws Exception {
        try (TinyProxy proxy = TinyProxy.start(null, 0)) {
            ProxySelector selector = ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port()));
            echoThrough("ws://127.0.0.1:" + server.port() + "/selected", ConnectOptions.builder().proxy(selector).build());
            assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + server.port());
        }
    }

    private WebSocketConnectException connectFails(String uri, ConnectOptions options) {
        Throwable[] cause = new Throwable[1];
        assertThatThrownBy(() -> client.connect(URI.create(uri), options, new Inbox()).get(20, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ExecutionException.class, e -> cause[0] = e.getCause());
        assertThat(cause[0]).isInstanceOf(WebSocketConnectException.class);
        return (WebSocketConnectException) cause[0];
    }
}
