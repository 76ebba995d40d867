package dev.weft.client;

import dev.weft.ReadyState;
import dev.weft.SendQueueFullException;
import dev.weft.WebSocket;
import dev.weft.WebSocketClosedException;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reconnecting clients against a server that drops them, refuses them for a while, goes away and
 * comes back; the backoff runs on the client's manual clock.
 */
class ReconnectTest {
    private final ManualTicker clock = new ManualTicker();
    private final WebSocketClient client = WebSocketClient.create(WebSocketConfig.builder().ticker(clock).build(), 1);
    private final AtomicInteger refuseNext = new AtomicInteger();
    private WebSocketServer server;
    private int port;

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(Duration.ofMillis(200));
        }
    }

    /** Echo; "drop" kills the TCP connection, "bye" closes with 1000, "restart" with 1012; refuses while refuseNext > 0. */
    private void startServer(int onPort) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(onPort)
                .endpoint("/", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        switch (text) {
                            case "drop" -> ws.terminate();
                            case "bye" -> ws.close(1000, "bye");
                            case "restart" -> ws.close(1012, "restarting");
                            default -> ws.sendText(text);
                        }
                    }
                }).withInterceptor(HandshakeInterceptor.of(r -> refuseNext.getAndDecrement() > 0
                        ? UpgradeDecision.reject(503, "busy") : UpgradeDecision.accept())))
                .build().start();
        port = server.port();
    }

    /** Moves the client's clock a second at a time until {@code done} holds. */
    private void advanceUntil(java.util.concurrent.Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return done.call();
        });
    }

    /** Records opens, closes and errors as the handle sees them. */
    private static final class Recorder extends Inbox {
        final List<String> lifecycle = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onError(WebSocket ws, Throwable error) {
            errors.add(error);
            super.onError(ws, error);
        }

        @Override
        public void onOpen(WebSocket ws) {
            lifecycle.add("open");
            super.onOpen(ws);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            lifecycle.add("close " + code + " then " + ws.readyState());
            super.onClose(ws, code, reason, clean);
        }
    }

    @Test
    void aDroppedConnectionComesBackUnderTheSameHandleAndTheHookRestoresState() throws Exception {
        startServer(0);
        List<Integer> hook = new CopyOnWriteArrayList<>();
        Recorder events = new Recorder();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/"), ConnectOptions.builder()
                .reconnect(ReconnectPolicy.builder().delays(Duration.ofSeconds(1), Duration.ofSeconds(30))
                        .onReconnect((handle, attempt) -> {
                            hook.add(attempt);
                            handle.sendText("resubscribed");
                        }).build()).build(), events).get(5, TimeUnit.SECONDS);
        ws.sendText("drop");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.lifecycle.size() == 2);
        assertThat(events.lifecycle.get(1)).isEqualTo("close 1006 then CONNECTING");
        assertThatThrownBy(() -> ws.sendText("lost").get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(WebSocketClosedException.class).hasMessageContaining("reconnecting");

        advanceUntil(() -> ws.readyState() == ReadyState.OPEN);
        assertThat(events.nextMessage()).isEqualTo("resubscribed");
        assertThat(hook).containsExactly(1);
        ws.sendText("same handle");
        assertThat(events.nextMessage()).isEqualTo("same handle");

        ws.sendText("restart"); // 1012: worth reconnecting too
        advanceUntil(() -> events.lifecycle.size() == 5);
        assertThat(events.lifecycle).containsExactly("open", "close 1006 then CONNECTING", "open",
                "close 1012 then CONNECTING", "open");

        ws.sendText("bye"); // 1000: the server ended it on purpose
        await().atMost(Duration.ofSeconds(5)).until(() -> events.lifecycle.size() == 6);
        assertThat(events.lifecycle.get(5)).isEqualTo("close 1000 then CLOSED");
        clock.advance(Duration.ofMinutes(5));
        Thread.sleep(100);
        assertThat(events.lifecycle).hasSize(6);
    }

    @Test
    void aServerThatRefusesForAWhileIsTriedUntilItAcceptsButA4xxEndsIt() throws Exception {
        startServer(0);
        refuseNext.set(3);
        CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:" + port + "/"),
                ConnectOptions.builder().reconnect(ReconnectPolicy.builder().build()).build(), new Inbox());
        advanceUntil(connecting::isDone);
        assertThat(connecting.get().readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(refuseNext.get()).as("three refusals, then the fourth attempt").isEqualTo(-1);

        CompletableFuture<WebSocket> forbidden = client.connect(URI.create("ws://127.0.0.1:" + port + "/nothing-here"),
                ConnectOptions.builder().reconnect(ReconnectPolicy.builder().build()).build(), new Inbox());
        assertThatThrownBy(() -> forbidden.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void sendsWaitWhileTheServerIsAwayAndGoOutInOrderWhenItIsBack() throws Exception {
        startServer(0);
        int fixedPort = port;
        Recorder events = new Recorder();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + fixedPort + "/"), ConnectOptions.builder()
                .reconnect(ReconnectPolicy.builder().queueWhileDisconnected(20).build()).build(), events)
                .get(5, TimeUnit.SECONDS);
        server.stop(Duration.ofMillis(500)); // 1001, going away: worth reconnecting
        await().atMost(Duration.ofSeconds(5)).until(() -> events.lifecycle.size() == 2);
        assertThat(events.lifecycle.get(1)).isEqualTo("close 1001 then CONNECTING");

        CompletableFuture<Void> first = ws.sendText("one");
        CompletableFuture<Void> second = ws.sendText("two");
        assertThatThrownBy(() -> ws.sendText("x".repeat(30)).get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(SendQueueFullException.class);
        assertThat(ws.bufferedAmount()).isEqualTo(6);
        clock.advance(Duration.ofSeconds(2)); // attempts while nothing listens: refused, retried
        Thread.sleep(200);
        assertThat(first).isNotDone();

        server = null;
        startServer(fixedPort);
        advanceUntil(() -> ws.readyState() == ReadyState.OPEN);
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertThat(events.nextMessage()).isEqualTo("one");
        assertThat(events.nextMessage()).isEqualTo("two");
    }

    @Test
    void afterMaxAttemptsTheHandleCloses() throws Exception {
        startServer(0);
        Recorder events = new Recorder();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/"), ConnectOptions.builder()
                .reconnect(ReconnectPolicy.builder().maxAttempts(3).build()).build(), events).get(5, TimeUnit.SECONDS);
        server.stop(Duration.ofMillis(500));
        server = null;
        advanceUntil(() -> ws.readyState() == ReadyState.CLOSED);
        assertThat(events.errors).singleElement().isInstanceOfSatisfying(WebSocketConnectException.class,
                e -> assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.REFUSED));
        assertThat(events.lifecycle).containsExactly("open", "close 1001 then CONNECTING");
        assertThatThrownBy(() -> ws.sendText("gone").get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(WebSocketClosedException.class);
    }
}
