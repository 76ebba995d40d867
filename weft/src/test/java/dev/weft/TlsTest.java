package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** wss:// between weft's client and server, with a CA made at test time; ws:// and wss:// on one server; a legacy draft over TLS. */
class TlsTest {
    private static TestCertificates certs;
    private static WebSocketServer server;
    private static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1").issue("elsewhere", "dns:elsewhere.test");
        server = WebSocketServer.builder().host("127.0.0.1").port(0).tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .endpoint("/echo", ServerClientTest.ECHO).build().start();
        client = WebSocketClient.create();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void bothSidesAndTheInterceptorKnowWhetherTheConnectionIsSecure() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<WebSocket> serverSides = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WebSocketServer both = WebSocketServer.builder().host("127.0.0.1").port(0).tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .endpoint("/", dev.weft.server.Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        serverSides.add(socket);
                    }
                }).withInterceptor(dev.weft.server.HandshakeInterceptor.of(r -> {
                    seen.add(r.isSecure() ? "interceptor: secure" : "interceptor: plain");
                    return dev.weft.server.UpgradeDecision.accept();
                }))).build().start()) {
            WebSocket plain = client.connect(URI.create("ws://127.0.0.1:" + both.port() + "/"), new Inbox())
                    .get(5, TimeUnit.SECONDS);
            WebSocket secure = client.connect(URI.create("wss://localhost:" + both.tlsPort() + "/"), trusting(), new Inbox())
                    .get(10, TimeUnit.SECONDS);
            assertThat(plain.isSecure()).isFalse();
            assertThat(secure.isSecure()).isTrue();
            assertThat(seen).containsExactly("interceptor: plain", "interceptor: secure");
            org.awaitility.Awaitility.await().until(() -> serverSides.size() == 2);
            assertThat(serverSides).extracting(WebSocket::isSecure).containsExactly(false, true);
        }
    }

    private static ConnectOptions trusting() throws Exception {
        return ConnectOptions.builder().tls(TlsConfig.trusting(certs.ca())).build();
    }

    @Test
    void echoOverWssWithTheTestCaTrusted() throws Exception {
        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("wss://" + host + ":" + server.tlsPort() + "/echo"), trusting(), inbox)
                    .get(10, TimeUnit.SECONDS);
            String big = "x".repeat(1 << 20);
            ws.sendText("over TLS");
            ws.sendText(big);
            byte[] bin = new byte[70000];
            new java.util.Random(4).nextBytes(bin);
            ws.sendBinary(bin);
            assertThat(inbox.nextMessage()).isEqualTo("over TLS");
            assertThat(inbox.nextMessage()).isEqualTo(big);
            java.nio.ByteBuffer got = (java.nio.ByteBuffer) inbox.nextMessage();
            byte[] g = new byte[got.remaining()];
            got.get(g);
            assertThat(g).isEqualTo(bin);
            ws.close(1000, "bye");
            assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
        }
    }

    @Test
    void plainAndTlsPortsServeTheSameEndpoints() throws Exception {
        Inbox plain = new Inbox();
        WebSocket a = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), plain).get(5, TimeUnit.SECONDS);
        Inbox secure = new Inbox();
        WebSocket b = client.connect(URI.create("wss://localhost:" + server.tlsPort() + "/echo"), trusting(), secure)
                .get(10, TimeUnit.SECONDS);
        a.sendText("plain");
        b.sendText("secure");
        assertThat(plain.nextMessage()).isEqualTo("plain");
        assertThat(secure.nextMessage()).isEqualTo("secure");
        assertThat(server.connections()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        assertThatThrownBy(() -> client.connect(URI.create("wss://localhost:" + server.tlsPort() + "/echo"), new Inbox())
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.TLS);
                    assertThat(e.getMessage()).contains("TLS handshake failed");
                });
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        try (WebSocketServer other = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("elsewhere"), certs.key("elsewhere")))
                .endpoint("/echo", ServerClientTest.ECHO).build().start()) {
            assertThatThrownBy(() -> client.connect(URI.create("wss://localhost:" + other.tlsPort() + "/echo"), trusting(),
                    new Inbox()).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.TLS);
                        assertThat(String.valueOf(e.getCause())).containsIgnoringCase("localhost");
                    });
            // The insecure client, for tests only, accepts it.
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("wss://localhost:" + other.tlsPort() + "/echo"),
                    ConnectOptions.builder().tls(TlsConfig.insecureClient()).build(), inbox).get(10, TimeUnit.SECONDS);
            ws.sendText("insecure but working");
            assertThat(inbox.nextMessage()).isEqualTo("insecure but working");
        }
    }

    @Test
    void aServerRequiringClientCertificatesAcceptsOnlyClientsThatPresentOne() throws Exception {
        certs.issue("client", "dns:client.test");
        try (WebSocketServer mutual = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server"), certs.ca())
                        .withClientAuth(TlsConfig.ClientAuth.NEED))
                .endpoint("/echo", ServerClientTest.ECHO).build().start()) {
            URI uri = URI.create("wss://localhost:" + mutual.tlsPort() + "/echo");
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(uri, ConnectOptions.builder()
                    .tls(TlsConfig.fromPem(certs.chain("client"), certs.key("client"), certs.ca())).build(), inbox)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText("with a certificate");
            assertThat(inbox.nextMessage()).isEqualTo("with a certificate");
            assertThatThrownBy(() -> {
                WebSocket anonymous = client.connect(uri, trusting(), new Inbox()).get(10, TimeUnit.SECONDS);
                // With TLS 1.3 the server may refuse only after the client thinks the handshake is done.
                anonymous.sendText("x").get(5, TimeUnit.SECONDS);
                Thread.sleep(500);
                assertThat(anonymous.readyState()).isEqualTo(ReadyState.CLOSED);
                throw new IllegalStateException("refused after the handshake");
            }).isInstanceOfAny(java.util.concurrent.ExecutionException.class, IllegalStateException.class);
        }
    }

    @Test
    void tls12AndTls13BothWork() throws Exception {
        for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("wss://localhost:" + server.tlsPort() + "/echo"),
                    ConnectOptions.builder().tls(TlsConfig.trusting(certs.ca()).withProtocols(version)).build(), inbox)
                    .get(10, TimeUnit.SECONDS);
            ws.sendText(version);
            assertThat(inbox.nextMessage()).isEqualTo(version);
        }
    }

    @Test
    void aLegacyDraftOverTlsIsToldItsWssLocation() throws Exception {
        try (WebSocketServer legacy = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server"))).legacyDrafts(true)
                .endpoint("/echo", ServerClientTest.ECHO).build().start();
             SSLSocket socket = (SSLSocket) TlsConfig.trusting(certs.ca()).context()
                     .getSocketFactory().createSocket("localhost", legacy.tlsPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /echo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                    + "Host: localhost:" + legacy.tlsPort() + "\r\nOrigin: https://localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[] {0x00, 'h', 'i', (byte) 0xFF});
            String head = RawSocket.readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 Web Socket Protocol Handshake\r\n")
                    .contains("WebSocket-Location: wss://localhost:" + legacy.tlsPort() + "/echo\r\n");
            assertThat(socket.getInputStream().readNBytes(4)).containsExactly(0x00, 'h', 'i', 0xFF);
        }
    }
}
