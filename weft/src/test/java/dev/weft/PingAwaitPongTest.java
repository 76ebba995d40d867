package dev.weft;

import dev.weft.server.WebSocketServer;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * pingAndAwaitPong (faye's ping with a callback), from a server connection to a raw peer that
 * answers as the test says, on a manual clock: pongs matched by payload, one pong answering
 * every ping before it, keepalive pings in the same line, deadlines and close.
 */
class PingAwaitPongTest {
    private final ManualTicker clock = new ManualTicker();
    private WebSocketServer server;

    @AfterEach
    void stop() {
        server.stop(Duration.ofMillis(200));
    }

    private void start(WebSocketConfig.Builder config) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(config.ticker(clock).build())
                .endpoint("/", new WebSocketListener() { }).build().start();
    }

    private WebSocket serverSide() {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().size() == 1);
        return server.connections().iterator().next();
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a ping from the raw peer and returns its payload. */
    private static byte[] ping(RawSocket peer) throws Exception {
        byte[] frame = peer.readServerFrame();
        assertThat(frame[0]).as("a ping").isEqualTo((byte) 0x9);
        return Arrays.copyOfRange(frame, 1, frame.length);
    }

    private void loopTurned() throws Exception {
        RawSocket.awaitLoopTurn(server.port(), "/");
    }

    @Test
    void aPongAnswersItsPingAndEveryOneBeforeItWithTheRoundTrip() throws Exception {
        start(WebSocketConfig.builder());
        try (RawSocket peer = RawSocket.upgraded(server.port(), "/")) {
            WebSocket ws = serverSide();
            CompletableFuture<Duration> a = ws.pingAndAwaitPong(text("a"), Duration.ofSeconds(30));
            CompletableFuture<Duration> b = ws.pingAndAwaitPong(text("b"), Duration.ofSeconds(30));
            CompletableFuture<Duration> c = ws.pingAndAwaitPong(text("c"), Duration.ofSeconds(30));
            assertThat(new String(ping(peer), StandardCharsets.UTF_8)).isEqualTo("a");
            assertThat(new String(ping(peer), StandardCharsets.UTF_8)).isEqualTo("b");
            assertThat(new String(ping(peer), StandardCharsets.UTF_8)).isEqualTo("c");

            peer.writeClientFrame(0xA, "unasked".getBytes(StandardCharsets.UTF_8)); // answers nothing
            clock.advance(Duration.ofMillis(12));
            peer.writeClientFrame(0xA, "b".getBytes(StandardCharsets.UTF_8)); // the peer skipped a's pong
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(12));
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(12));
            loopTurned();
            assertThat(c).as("c was sent after b: still waiting").isNotDone();
            peer.writeClientFrame(0xA, "c".getBytes(StandardCharsets.UTF_8));
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(12));
        }
    }

    @Test
    void aPingWithoutItsPongFailsAtItsDeadlineAndTheRestAtClose() throws Exception {
        start(WebSocketConfig.builder());
        try (RawSocket peer = RawSocket.upgraded(server.port(), "/")) {
            WebSocket ws = serverSide();
            CompletableFuture<Duration> early = ws.pingAndAwaitPong(text("early"), Duration.ofSeconds(10));
            ping(peer);
            clock.advance(Duration.ofSeconds(5));
            loopTurned();
            CompletableFuture<Duration> late = ws.pingAndAwaitPong(text("late"), Duration.ofSeconds(10));
            ping(peer);
            clock.advance(Duration.ofMillis(4_999));
            loopTurned();
            assertThat(early).as("1 ms before its deadline").isNotDone();
            clock.advance(Duration.ofMillis(1));
            assertThatThrownBy(() -> early.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("10000 ms");
            assertThat(late).isNotDone();

            peer.close(); // gone before answering
            assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketClosedException.class);
        }
        assertThatThrownBy(() -> serverSideOrNone().pingAndAwaitPong(ByteBuffer.allocate(126), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Any connection's API, for argument checks: a fresh one. */
    private WebSocket serverSideOrNone() throws Exception {
        RawSocket peer = RawSocket.upgraded(server.port(), "/");
        try {
            return serverSide();
        } finally {
            peer.close();
        }
    }

    @Test
    void aPongToALaterKeepalivePingAnswersTheApplicationsPingBeforeIt() throws Exception {
        start(WebSocketConfig.builder().keepAlive(Duration.ofSeconds(20), Duration.ofSeconds(10)));
        try (RawSocket peer = RawSocket.upgraded(server.port(), "/")) {
            WebSocket ws = serverSide();
            CompletableFuture<Duration> mine = ws.pingAndAwaitPong(text("mine"), Duration.ofSeconds(60));
            assertThat(new String(ping(peer), StandardCharsets.UTF_8)).isEqualTo("mine");
            clock.advance(Duration.ofSeconds(20));
            byte[] keepalive = ping(peer);
            assertThat(keepalive).hasSize(8);
            clock.advance(Duration.ofMillis(3));
            peer.writeClientFrame(0xA, keepalive); // the peer answers only the latest ping
            assertThat(mine.get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(20_003));
            loopTurned();
            assertThat(ws.roundTripTime()).as("the keepalive's own round trip").isEqualTo(Duration.ofMillis(3));
        }
    }
}
