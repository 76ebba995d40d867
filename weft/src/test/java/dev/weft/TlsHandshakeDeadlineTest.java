package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The opening-handshake deadline runs from accept on the TLS port too: a client that never
 * finishes its TLS handshake (silent, or trickling its ClientHello) is closed at the deadline,
 * since no HTTP 408 could reach it, and such clients do not keep others from being served.
 */
class TlsHandshakeDeadlineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Far past the deadline: before the fix these clients were still connected after 40 s. */
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private static TestCertificates certs;
    private static WebSocketServer server;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create().issue("server", "dns:localhost,ip:127.0.0.1");
        server = WebSocketServer.builder().host("127.0.0.1").noPlainPort().tlsPort(0)
                .tls(TlsConfig.fromPem(certs.chain("server"), certs.key("server")))
                .config(WebSocketConfig.builder().handshakeTimeout(DEADLINE).build())
                .endpoint("/echo", ServerClientTest.ECHO).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void aSilentClientOnTheTlsPortIsClosedAtTheDeadline() throws Exception {
        try (Socket silent = connect()) {
            long began = System.nanoTime();
            assertClosedByServer(silent);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThan(DEADLINE.minusMillis(500));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingHandshakes() == 0);
    }

    @Test
    void aClientTricklingItsClientHelloIsClosedAtTheDeadline() throws Exception {
        byte[] hello = clientHello();
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (Socket slow = connect()) {
            trickle(trickler, slow, hello);
            assertClosedByServer(slow);
        } finally {
            trickler.shutdownNow();
        }
    }

    @Test
    void hundredsOfStalledTlsClientsAreClosedWhileANormalClientIsServed() throws Exception {
        byte[] hello = clientHello();
        ScheduledExecutorService trickler = Executors.newScheduledThreadPool(2);
        List<Socket> stalled = new ArrayList<>();
        try (WebSocketClient client = WebSocketClient.create()) {
            for (int i = 0; i < 200; i++) {
                stalled.add(connect());
                Socket slow = connect();
                stalled.add(slow);
                trickle(trickler, slow, hello);
            }
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("wss://localhost:" + server.tlsPort() + "/echo"),
                    ConnectOptions.builder().tls(TlsConfig.trusting(certs.ca())).build(), inbox).get(10, TimeUnit.SECONDS);
            ws.sendText("served while 400 others stall");
            assertThat(inbox.nextMessage()).isEqualTo("served while 400 others stall");
            ws.close(1000, "done");
            assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
            for (Socket s : stalled) {
                assertClosedByServer(s);
            }
            // The socket closes a moment before the loop counts the handshake as ended.
            await().atMost(Duration.ofSeconds(5)).until(() -> server.pendingHandshakes() == 0);
        } finally {
            trickler.shutdownNow();
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.tlsPort()), 5000);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
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

    /** Sends {@code bytes} one per second, stopping quietly once the server has closed. */
    private static void trickle(ScheduledExecutorService trickler, Socket socket, byte[] bytes) {
        int[] next = {0};
        trickler.scheduleAtFixedRate(() -> {
            if (next[0] < bytes.length && !socket.isClosed()) {
                try {
                    socket.getOutputStream().write(bytes[next[0]++]);
                } catch (IOException closed) {
                    next[0] = bytes.length;
                }
            }
        }, 0, 1, TimeUnit.SECONDS);
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
