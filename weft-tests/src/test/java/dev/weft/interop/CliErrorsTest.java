package dev.weft.interop;

import dev.weft.TlsConfig;
import dev.weft.interop.WeftCommand.Run;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Listeners;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weft command answers the common mistakes with one line on stderr that names the problem
 * and the fix, exit status 2 for a wrong command line and 1 for a failure at run time, and no
 * stack trace unless asked with {@code --debug}.
 */
class CliErrorsTest {
    @TempDir
    static Path dir;
    private static Path cert;
    private static Path key;
    private static WebSocketServer tlsServer;

    private static Run weft(String stdin, String... args) throws Exception {
        return WeftCommand.run(dir, stdin, args);
    }

    @BeforeAll
    static void makeACertificate() throws Exception {
        Run made = weft("", "cert", "--out", dir.toString(), "--name", "test");
        assertThat(made.status()).as(made.out()).isZero();
        cert = dir.resolve("test.pem");
        key = dir.resolve("test.key.pem");
        tlsServer = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(cert, key)).endpoint("/", Listeners.ECHO).build().start();
    }

    @AfterAll
    static void stop() {
        tlsServer.stop(Duration.ofSeconds(1));
    }

    @Test
    void aPortOutOfRangeIsAUsageError() throws Exception {
        Run r = weft("", "serve", "--port", "70000");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errorLine()).isEqualTo("weft serve: --port 70000 is not a port: use 1 to 65535, or 0 for any free one");
    }

    @Test
    void aDeflateWindowOutOfRangeOrWithoutDeflateIsAUsageError() throws Exception {
        Run small = weft("", "serve", "--port", "0", "--deflate", "--deflate-window", "7");
        assertThat(small.status()).isEqualTo(2);
        assertThat(small.errorLine()).isEqualTo("weft serve: --deflate-window 7 is not a window: use 8 to 15 (bits)");
        Run alone = weft("", "serve", "--port", "0", "--deflate-window", "10");
        assertThat(alone.status()).isEqualTo(2);
        assertThat(alone.errorLine()).isEqualTo("weft serve: --deflate-window needs --deflate");
    }

    @Test
    void aPortInUseIsNamedWithTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = weft("", "serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errorLine()).startsWith("weft serve: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("in use", "--port 0");
        }
    }

    @Test
    void anUnknownHostIsNamed() throws Exception {
        Run r = weft("", "serve", "--host", "no-such-host.invalid", "--port", "0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errorLine()).contains("--host no-such-host.invalid", "no such host");
    }

    @Test
    void missingAndSwappedCertificateFilesAreNamed() throws Exception {
        Run missing = weft("", "serve", "--port", "0", "--tls-port", "0", "--cert", dir.resolve("nope.pem").toString(),
                "--key", key.toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.errorLine()).isEqualTo("weft serve: no such file: " + dir.resolve("nope.pem"));
        Run swapped = weft("", "serve", "--port", "0", "--tls-port", "0", "--cert", key.toString(), "--key", cert.toString());
        assertThat(swapped.status()).isEqualTo(1);
        assertThat(swapped.errorLine()).contains("cannot use --cert", "--cert takes the PEM certificate chain");
        Run noKey = weft("", "serve", "--port", "0", "--tls-port", "0");
        assertThat(noKey.status()).isEqualTo(2);
        assertThat(noKey.errorLine()).contains("--tls-port needs --cert and --key");
    }

    @Test
    void connectRefusesHttpUrlsWithTheWebSocketOneToUse() throws Exception {
        Run r = weft("", "connect", "http://127.0.0.1:1/chat");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errorLine()).isEqualTo("weft connect: takes ws:// or wss:// URLs, not http://; try ws://127.0.0.1:1/chat");
        Run s = weft("", "connect", "https://example.test/");
        assertThat(s.errorLine()).endsWith("try wss://example.test/");
    }

    @Test
    void connectAssumesWsWhenNoSchemeIsGivenAsWscatDoes() throws Exception {
        try (WebSocketServer plain = WebSocketServer.builder().host("127.0.0.1").port(0).endpoint("/", Listeners.ECHO)
                .build().start()) {
            Run r = weft("hello\n/close\n", "connect", "127.0.0.1:" + plain.port() + "/");
            assertThat(r.status()).as(r.err().toString()).isZero();
            assertThat(r.out()).contains("connected to ws://127.0.0.1:" + plain.port() + "/", "< hello");
        }
    }

    @Test
    void aProtocolVersionWeftDoesNotSpeakIsAUsageError() throws Exception {
        Run r = weft("", "connect", "ws://127.0.0.1:1/", "--protocol-version", "9");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errorLine()).contains("--protocol-version 9", "use 13 (RFC 6455) or 8");
    }

    @Test
    void aBadCloseCommandIsExplainedAndTheSessionGoesOn() throws Exception {
        try (WebSocketServer plain = WebSocketServer.builder().host("127.0.0.1").port(0).endpoint("/", Listeners.ECHO)
                .build().start()) {
            Run r = weft("/close abc\nstill here\n/close\n", "connect", "ws://127.0.0.1:" + plain.port() + "/");
            assertThat(r.status()).isZero();
            assertThat(r.errorLine()).contains("/close takes a code (1000, or 3000 to 4999)", "'abc'");
            assertThat(r.out()).contains("< still here", "disconnected (code 1000");
        }
    }

    @Test
    void anUntrustedCertificateGetsTheHintToTrustItOrSkipTheCheck() throws Exception {
        Run r = weft("", "connect", "wss://localhost:" + tlsServer.tlsPort() + "/");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errorLine()).contains("[TLS]", "--ca FILE", "--insecure");
        Run trusted = weft("hi\n/close\n", "connect", "wss://localhost:" + tlsServer.tlsPort() + "/", "--ca", cert.toString());
        assertThat(trusted.status()).as(trusted.err().toString()).isZero();
        assertThat(trusted.out()).contains("< hi");
    }

    @Test
    void nothingListeningIsOneLineWithAHint() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Run connect = weft("", "connect", "ws://127.0.0.1:" + free + "/");
        assertThat(connect.status()).isEqualTo(1);
        assertThat(connect.errorLine()).isEqualTo("weft connect: cannot connect to 127.0.0.1:" + free
                + ": Connection refused [REFUSED] (is a server listening there?)");
        Run autobahn = weft("", "autobahn-client", "--url", "ws://127.0.0.1:" + free);
        assertThat(autobahn.status()).isEqualTo(1);
        assertThat(autobahn.errorLine()).startsWith("weft autobahn-client: no test server at ws://127.0.0.1:" + free);
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Run r = weft("", "--debug", "connect", "ws://127.0.0.1:1/");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).hasSizeGreaterThan(3);
        assertThat(String.join("\n", r.err())).contains("java.net.ConnectException", "\tat ");
    }

    @Test
    void certWritesItsKeyForItsOwnerOnlyAndNeedsADay() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        Run r = weft("", "cert", "--out", dir.toString(), "--name", "never", "--days", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errorLine()).contains("--days 0", "at least 1 day");
        assertThat(dir.resolve("never.key.pem")).doesNotExist();
    }

    @Test
    void anUnknownOptionIsOneLinePointingAtHelp() throws Exception {
        Run r = weft("", "serve", "--bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errorLine()).isEqualTo("weft serve: Unknown option: '--bogus' (see weft serve --help)");
    }
}
