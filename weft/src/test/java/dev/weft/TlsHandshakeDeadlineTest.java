package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import dev.weft.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The opening-handshake deadline runs from accept on the TLS port too: a client that never
 * finishes its TLS handshake (silent, or trickling its ClientHello) is closed at the deadline,
 * since no HTTP 408 could reach it, and such clients do not keep others from being served.
 * Time is the test's {@link ManualTicker}: the deadline is checked to the millisecond.
 */
class TlsHandshakeDeadlineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Far past any real wait here: before the fix these clients were still connected after 40 s. */
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private static TestCertificates certs;
    private static WebSocketServer server;
    private static final ManualTicker CLOCK = new ManualTicker();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1");
        // One loop, and a plain port beside the TLS one for loopTurned()'s probe.
        server = WebSocketServer.builder().host("127.0.0.1").port(0).tlsPort(0).loops(1)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .config(WebSocketConfig.builder().handshakeTimeout(DEADLINE).ticker(CLOCK).build())
                .endpoint("/echo", ServerClientTest.ECHO).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void aSilentClientOnTheTlsPortIsClosedAtTheDeadline() throws Exception {
        try (Socket silent = connect()) {
            CLOCK.advance(DEADLINE.minusMillis(1));
            loopTurned();
            assertThat(RawSocket.isOpenNow(silent)).as("1 ms before the deadline").isTrue();
            CLOCK.advance(Duration.ofMillis(1));
            assertClosedByServer(silent);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingHandshakes() == 0);
    }

    @Test
    void aClientTricklingItsClientHelloIsClosedAtTheDeadline() throws Exception {
        byte[] hello = clientHello();
        try (Socket slow = connect()) {
            for (int i = 0; i < 9; i++) {
                slow.getOutputStream().write(hello[i]); // a byte a second, by the server's clock
                CLOCK.advance(Duration.ofSeconds(1));
            }
            CLOCK.advance(Duration.ofMillis(999));
            loopTurned();
            assertThat(RawSocket.isOpenNow(slow)).as("1 ms before the deadline, the trickle notwithstanding").isTrue();
            CLOCK.advance(Duration.ofMillis(1));
            assertClosedByServer(slow);
        }
    }

    @Test
    void hundredsOfStalledTlsClientsAreClosedWhileANormalClientIsServed() throws Exception {
        byte[] hello = clientHello();
        List<Socket> stalled = new ArrayList<>();
        try (WebSocketClient client = WebSocketClient.create()) {
            for (int i = 0; i < 200; i++) {
                stalled.add(connect());
                Socket slow = connect();
                stalled.add(slow);
                slow.getOutputStream().write(hello, 0, hello.length / 2);
            }
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("wss://localhost:" + server.tlsPort() + "/echo"),
                    ConnectOptions.builder().tls(TlsConfig.trusting(certs.ca())).build(), inbox).get(10, TimeUnit.SECONDS);
            ws.sendText("served while 400 others stall");
            assertThat(inbox.nextMessage()).isEqualTo("served while 400 others stall");
            CLOCK.advance(DEADLINE);
            for (Socket s : stalled) {
                assertClosedByServer(s);
            }
            assertThat(ws.readyState()).as("the served client is past its handshake: no deadline").isEqualTo(ReadyState.OPEN);
            ws.close(1000, "done");
            assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
            // The socket closes a moment before the loop counts the handshake as ended.
            await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingHandshakes() == 0);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    /** See {@link RawSocket#awaitLoopTurn}. */
    private static void loopTurned() throws IOException {
        RawSocket.awaitLoopTurn(server.port(), "/echo");
    }

    /**
     * Connects to the TLS port, and returns once the server's loop has taken the connection in
     * (and so started its deadline from the clock as it is now, not as a test moves it next).
     */
    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.tlsPort()), 5000);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        loopTurned();
        return s;
    }

    /** Reads until the server ends the connection: end of stream or a reset, never the read timeout. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // a TLS alert may come first; the end of the stream is what counts
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server left a stalled TLS client connected past " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (SocketException reset) {
            // closed with unread input: a reset is as much a close as a FIN
        }
    }

    /** A real ClientHello, as the JDK's TLS client would send it. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        assertThat(hello[0]).isEqualTo((byte) 22); // a handshake record
        return hello;
    }
}
