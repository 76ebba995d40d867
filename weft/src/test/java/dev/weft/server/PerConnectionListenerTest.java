package dev.weft.server;

import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Endpoint.perConnection: a listener of its own for each connection, as Node code keeps state in closures. */
class PerConnectionListenerTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofMillis(500));
    }

    /** Counts its own connection's messages and answers with the count and the room it was made for. */
    private static final class Counter implements WebSocketListener {
        private final String room;
        private int seen;

        Counter(String room) {
            this.room = room;
        }

        @Override
        public void onText(WebSocket ws, String text) {
            seen++;
            ws.sendText(room + " " + seen);
        }
    }

    @Test
    void eachConnectionHasItsOwnListenerMadeFromItsRequest() throws Exception {
        AtomicInteger made = new AtomicInteger();
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/rooms/{room}", Endpoint.perConnection(request -> {
                    made.incrementAndGet();
                    return new Counter(request.pathParameters().get("room"));
                }))
                .endpoint("/plain", Endpoint.perConnection(() -> new Counter("-")))
                .endpoint("/broken", Endpoint.perConnection(() -> null))
                .build().start();
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        WebSocket wa = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/rooms/red"), a).get(5, TimeUnit.SECONDS);
        WebSocket wb = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/rooms/blue"), b).get(5, TimeUnit.SECONDS);
        wa.sendText("x");
        wa.sendText("x");
        assertThat(a.nextMessage()).isEqualTo("red 1");
        assertThat(a.nextMessage()).isEqualTo("red 2");
        wb.sendText("x");
        assertThat(b.nextMessage()).as("its own count, not the other connection's").isEqualTo("blue 1");
        assertThat(made).hasValue(2);

        Inbox c = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/plain"), c).get(5, TimeUnit.SECONDS).sendText("x");
        assertThat(c.nextMessage()).isEqualTo("- 1");

        assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/broken"), new Inbox())
                .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(500));
    }
}
