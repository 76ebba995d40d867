package dev.weft.containers;

import dev.weft.ReadyState;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.conformance.ConformanceRun;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What weft must do inside any servlet container, the same for each: a container's test module
 * extends this, mounts weft's servlet on {@code /ws/*} in its container and says on which port.
 * In front of the servlet it puts a filter that, for a request with {@code X-Login: alice},
 * authenticates the user {@code alice} and sets the request attribute {@code tenant} to
 * {@code blue}, as a security filter would.
 * The handshake is answered by weft's rules through the container; the connection then runs on
 * weft's loops over the container's non-blocking upgraded streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServletContainerContract {
    private WebSocketServer weft;
    private WebSocketClient client;
    private int port;
    private ConformanceRun conformance;

    /** The idle timeout each container is given for its own connections: far below weft's. */
    protected static final Duration CONTAINER_IDLE_TIMEOUT = Duration.ofMillis(300);

    /**
     * Starts the container with weft's servlet for {@code weft} mapped to {@code /ws/*}, and
     * {@link #CONTAINER_IDLE_TIMEOUT} as the container's idle timeout for its connections.
     *
     * @return the container's port on 127.0.0.1
     */
    protected abstract int startContainer(WebSocketServer weft) throws Exception;

    /** Stops the container. */
    protected abstract void stopContainer() throws Exception;

    @BeforeAll
    void start() throws Exception {
        weft = WebSocketServer.builder().noPlainPort()
                .endpoint("/ws/echo", Listeners.ECHO)
                .extensions(ConformanceRun.serverDeflate())
                .endpoint("/ws/conformance", Listeners.ECHO)
                .endpoint("/ws/bye", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket socket, String text) {
                        socket.close(4000, "server says bye");
                    }
                })
                .endpoint("/ws/whoami", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.sendText("you are " + socket.attachment());
                    }
                }).withInterceptor(HandshakeInterceptor.of(r -> UpgradeDecision.accept().withAttachment(
                        (r.userPrincipal() == null ? "anonymous" : r.userPrincipal().getName())
                                + " of tenant " + r.attributes().getOrDefault("tenant", "none")))))
                .endpoint("/ws/private", Endpoint.of(Listeners.ECHO).withInterceptor(HandshakeInterceptor.of(
                        r -> "let-me-in".equals(r.headers().first("X-Token"))
                                ? UpgradeDecision.accept() : UpgradeDecision.reject(403, "no token"))))
                .build().start();
        port = startContainer(weft);
        client = WebSocketClient.create();
    }

    @AfterAll
    void stop() throws Exception {
        if (conformance != null) {
            conformance.writeReport(Path.of("target", "conformance-report.txt"));
        }
        client.close();
        stopContainer();
        weft.stop(Duration.ofSeconds(1));
    }

    /**
     * weft's conformance suite in the server role, through the container: every case must get
     * the verdict weft's own server gets (framing, fragmentation, UTF-8 with 1007, limits with
     * 1009, closes, permessage-deflate). The report goes to {@code target/conformance-report.txt}.
     */
    @TestFactory
    Stream<DynamicContainer> conformanceSuiteThroughTheContainer() throws Exception {
        conformance = ConformanceRun.ofServerAt("127.0.0.1", port, "/ws/conformance");
        return conformance.tests();
    }

    @Test
    void textAndBinaryEchoThroughTheContainerAndTheCloseIsClean() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), inbox).get(10, TimeUnit.SECONDS);
        ws.sendText("through the container");
        assertThat(inbox.nextMessage()).isEqualTo("through the container");
        // Several large messages: each is read in many pieces, parking and resuming the reader
        // (at most 64 KiB in flight), where reads race the container's own dispatch if anywhere.
        Random random = new Random(7);
        for (int round = 0; round < 8; round++) {
            byte[] big = new byte[300_000 + round * 100_000];
            random.nextBytes(big);
            ws.sendBinary(big);
            Object echoed = inbox.nextMessage();
            assertThat(echoed).as("round %d", round).isInstanceOf(ByteBuffer.class);
            ByteBuffer b = (ByteBuffer) echoed;
            byte[] got = new byte[b.remaining()];
            b.get(got);
            assertThat(got).as("round %d", round).isEqualTo(big);
        }
        assertThat(ws.extensions()).as("permessage-deflate, negotiated through the container")
                .extracting(ExtensionOffer::name).containsExactly("permessage-deflate");
        ws.close(1000, "done");
        // The server answers with the code (and no reason), then closes TCP first, as on its own port.
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
    }

    @Test
    void weftsHandshakeRulesAnswerThroughTheContainer() throws Exception {
        try (RawSocket raw = new RawSocket(port)) {
            raw.write("GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 426 ");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/echo").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 9"));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/private"));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 403 ");
        }
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(RawSocket.upgrade("/ws/private").replace("\r\n\r\n", "\r\nX-Token: let-me-in\r\n\r\n"));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
        }
    }

    @Test
    void aCloseTheServerStartsEndsCleanlyAndPromptly() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/bye"), inbox).get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        ws.sendText("bye");
        // Clean: both close frames, then the server closed TCP first (the client waits for it
        // up to its close timeout, 10 s; Tomcat closes an upgraded socket only when weft nudges it).
        assertThat(inbox.awaitClose()).isEqualTo("close:4000:server says bye:clean");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theInterceptorSeesWhomTheContainerAuthenticatedAndWhatFiltersFound() throws Exception {
        Inbox alice = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/whoami"),
                dev.weft.client.ConnectOptions.builder().header("X-Login", "alice").build(), alice).get(10, TimeUnit.SECONDS);
        assertThat(alice.nextMessage()).isEqualTo("you are alice of tenant blue");
        Inbox nobody = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/whoami"), nobody).get(10, TimeUnit.SECONDS);
        assertThat(nobody.nextMessage()).isEqualTo("you are anonymous of tenant none");
    }

    @Test
    void aFrameSentWithTheRequestIsNotLost() throws Exception {
        try (RawSocket raw = new RawSocket(port)) {
            byte[] head = RawSocket.upgrade("/ws/echo").getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = {(byte) 0x81, (byte) 0x83, 0, 0, 0, 0, 'h', 'e', 'y'};
            byte[] both = new byte[head.length + frame.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            raw.write(both);
            assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
            assertThat(raw.readServerFrame()).containsExactly(0x1, 'h', 'e', 'y');
        }
    }

    @Test
    void theContainersIdleTimeoutDoesNotCutAnIdleWebSocket() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), inbox).get(10, TimeUnit.SECONDS);
        inbox.expect("open");
        // Not a timing test of weft (its own timers run on a manual clock elsewhere): the
        // container's timer runs on the wall clock, so the connection idles well past it.
        org.awaitility.Awaitility.await().during(CONTAINER_IDLE_TIMEOUT.multipliedBy(4))
                .atMost(CONTAINER_IDLE_TIMEOUT.multipliedBy(6)).until(() -> ws.readyState() == ReadyState.OPEN);
        ws.sendText("still here");
        assertThat(inbox.nextMessage()).isEqualTo("still here");
        ws.close();
    }

    @Test
    void theServersConnectionsAndBroadcastIncludeTheContainersOnes() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), inbox).get(10, TimeUnit.SECONDS);
        inbox.expect("open");
        org.awaitility.Awaitility.await().until(() -> weft.connections().size() >= 1);
        assertThat(weft.broadcast("to everyone")).isGreaterThanOrEqualTo(1);
        assertThat(inbox.nextMessage()).isEqualTo("to everyone");
        ws.close();
    }
}
