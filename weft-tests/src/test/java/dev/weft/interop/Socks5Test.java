package dev.weft.interop;

import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.client.ConnectOptions;
import dev.weft.client.SocksProxy;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.Microsocks;
import dev.weft.testing.NeedsPeers;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client through a real SOCKS5 server (Debian's microsocks): plain and TLS, with and without credentials. */
@NeedsPeers("microsocks (Debian)")
class Socks5Test {
    private static TestCertificates certs;
    private static WebSocketServer server;
    private static final WebSocketClient client = WebSocketClient.create();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1");
        server = WebSocketServer.builder().host("127.0.0.1").port(0).tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .endpoint("/echo", Listeners.ECHO).build().start();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    private static void echoes(URI uri, ConnectOptions.Builder options) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri, options.build(), inbox).get(10, TimeUnit.SECONDS);
        ws.sendText("through socks");
        assertThat(inbox.nextMessage()).isEqualTo("through socks");
        ws.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void plainAndTlsThroughAProxyWithoutAuthenticationTheProxyResolvingTheName() throws Exception {
        try (Microsocks socks = Microsocks.start(null)) {
            ConnectOptions.Builder options = ConnectOptions.builder().proxy(SocksProxy.of("127.0.0.1", socks.port()));
            // "localhost" goes to the proxy as a name; it resolves it.
            echoes(URI.create("ws://localhost:" + server.port() + "/echo"), options);
            echoes(URI.create("wss://localhost:" + server.tlsPort() + "/echo"),
                    options.tls(TlsConfig.trusting(certs.ca())));
        }
    }

    @Test
    void withUsernameAndPasswordAndRefusedWithAWrongOne() throws Exception {
        try (Microsocks socks = Microsocks.start("alice:s3cret")) {
            echoes(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), ConnectOptions.builder()
                    .proxy(SocksProxy.of(URI.create("socks5://alice:s3cret@127.0.0.1:" + socks.port()))));
            assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    ConnectOptions.builder().proxy(SocksProxy.of("127.0.0.1", socks.port()).withCredentials("alice", "wrong"))
                            .build(), new Inbox()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
                        assertThat(e.getMessage()).contains("refused the username and password");
                    });
            assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    ConnectOptions.builder().proxy(SocksProxy.of("127.0.0.1", socks.port())).build(), new Inbox())
                    .get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.PROXY);
                        assertThat(e.getMessage()).contains("none of the offered authentication methods");
                    });
        }
    }
}
