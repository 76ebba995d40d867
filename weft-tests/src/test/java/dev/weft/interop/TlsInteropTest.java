package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wss:// with software we did not write, and a CA made at test time: npm ws's client and
 * server, and headless Chromium against {@code weft serve --tls-port}, trusting the test
 * certificate through Chromium's SPKI flag.
 */
@NeedsPeers("node with npm ws")
class TlsInteropTest {
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1");
    }

    @Test
    void npmWsClientOverWss() throws Exception {
        WebSocketListener echo = dev.weft.testing.Listeners.echoRecordingCloses(null);
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .fallbackEndpoint(Endpoint.of(echo))
                .endpoint("/chat", Endpoint.of(echo).withSubprotocols("chat.v1"))
                .endpoint("/reject", Endpoint.of(echo).withInterceptor(HandshakeInterceptor.of(r -> UpgradeDecision.reject(403))))
                .build().start();
             PeerProcess node = PeerProcess.start("node", "client.js", "ws", "wss://localhost:" + server.tlsPort(),
                     "--ca", certs.ca().toString())) {
            assertThat(node.await(180)).as(node.output()).isZero();
            assertThat(node.output()).contains("ok binary echo of 16777216 bytes", "done");
        }
    }

    @Test
    void weftClientAgainstNpmWsServerOverWss() throws Exception {
        try (PeerProcess node = PeerProcess.start("node", "server.js", "ws", "--cert", certs.chain("server").toString(),
                "--key", certs.key("server").toString())) {
            String port = node.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length());
            ClientConversation.run("wss://localhost:" + port, 13, TlsConfig.trusting(certs.ca()));
            node.awaitLine(l -> l.equals("closed 4001 bye"), 10);
        }
    }

    @Test
    void chromiumOverWssAgainstWeftServe() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli").resolve("target").resolve("weft.jar");
        try (PeerProcess serve = PeerProcess.start(java, "-jar", jar.toString(), "serve", "--port", "0", "--tls-port", "0",
                "--cert", certs.chain("server").toString(), "--key", certs.key("server").toString())) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on wss://"), 30);
            String port = line.substring("weft serve: listening on wss://".length()).split(" ")[0].split(":")[1];
            try (PeerProcess chromium = Chromium.open("https://localhost:" + port + "/?selftest", "--ignore-certificate-errors-spki-list=" + certs.spkiSha256("server"))) {
                String verdict = serve.awaitLine(l -> l.startsWith("weft serve: page selftest"), 90);
                assertThat(verdict).as("chromium output:%n%s", chromium.output()).contains("selftest ok+");
            }
        }
    }
}
