package dev.weft.interop;

import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.interop.WeftCommand.Run;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.HandshakeRequest;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Listeners;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft connect}'s everyday features, as wscat users know them: -x, -w, /binary, --auth, -P, client certificates. */
class CliConnectTest {
    @TempDir
    Path dir;

    @Test
    void executeSendsEachMessagePrintsTheRepliesForTheWaitAndCloses() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", Listeners.ECHO).build().start()) {
            Run r = WeftCommand.run(dir, "", "connect", "ws://127.0.0.1:" + server.port() + "/",
                    "-x", "hello", "-x", "/binary 00 ff 10", "-w", "1");
            assertThat(r.status()).as(r.err().toString()).isZero();
            assertThat(r.out()).contains("< hello", "< binary 3 bytes: 00 ff 10", "disconnected (code 1000");
        }
    }

    @Test
    void binaryTakesOnlyHexAndSaysSo() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", Listeners.ECHO).build().start()) {
            Run r = WeftCommand.run(dir, "/binary zz\n/close\n", "connect", "ws://127.0.0.1:" + server.port() + "/");
            assertThat(r.status()).isZero();
            assertThat(r.errorLine()).contains("/binary takes hexadecimal bytes", "'zz'");
        }
    }

    @Test
    void authSendsBasicCredentialsAndShowPingPongPrintsTheServersPings() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HandshakeInterceptor record = HandshakeInterceptor.of((HandshakeRequest r) -> {
            authorizations.add(r.headers().first("Authorization"));
            return UpgradeDecision.accept();
        });
        WebSocketListener pinging = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.ping(ByteBuffer.wrap("from the server".getBytes(StandardCharsets.UTF_8)));
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", Endpoint.of(pinging).withInterceptor(record)).build().start()) {
            String url = "ws://127.0.0.1:" + server.port() + "/";
            Run shown = WeftCommand.run(dir, "", "connect", url, "--auth", "user:pw", "-P", "-x", "/ping", "-w", "1");
            assertThat(shown.status()).as(shown.err().toString()).isZero();
            assertThat(shown.out()).contains("< ping from the server");
            Run quiet = WeftCommand.run(dir, "", "connect", url, "-x", "/ping", "-w", "1");
            assertThat(quiet.out()).doesNotContain("< ping from the server");
            assertThat(authorizations).containsExactly("Basic dXNlcjpwdw==", null);
        }
    }

    @Test
    void aClientCertificateIsPresentedToAServerThatRequiresOne() throws Exception {
        TestCertificates certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1")
                .issue("client", "dns:client.test");
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server"), certs.ca())
                        .withClientAuth(TlsConfig.ClientAuth.NEED))
                .endpoint("/", Listeners.ECHO).build().start()) {
            String url = "wss://localhost:" + server.tlsPort() + "/";
            Run with = WeftCommand.run(dir, "", "connect", url, "--ca", certs.ca().toString(),
                    "--cert", certs.chain("client").toString(), "--key", certs.key("client").toString(), "-x", "mutual");
            assertThat(with.status()).as(with.err().toString()).isZero();
            assertThat(with.out()).contains("< mutual");
            Run half = WeftCommand.run(dir, "", "connect", url, "--cert", certs.chain("client").toString());
            assertThat(half.status()).isEqualTo(2);
            assertThat(half.errorLine()).contains("--cert and --key go together");
            server.stop(Duration.ofSeconds(1));
        }
    }
}
