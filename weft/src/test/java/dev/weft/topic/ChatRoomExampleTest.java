package dev.weft.topic;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's topics example, run: chat rooms by path, each message to everyone else in the room. */
class ChatRoomExampleTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofMillis(500));
    }

    @Test
    void aRoomHearsEveryoneElseAndTheFiguresCountIt() throws Exception {
        server = WebSocketServer.builder()
                .host("127.0.0.1").port(0)
                .endpoint("/rooms/{room}", new WebSocketListener() {
                    @Override public void onOpen(WebSocket ws) { ws.subscribe("room:" + ws.pathParameters().get("room")); }
                    @Override public void onText(WebSocket ws, String text) {
                        server.publish("room:" + ws.pathParameters().get("room"), text, ws);   // to everyone else in the room
                    }
                })
                .build().start();
        server.slowSubscriberPolicy("room:lobby", SlowSubscriberPolicy.close(1013));   // a gap is worse than a reconnect

        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        Inbox carol = new Inbox();
        WebSocket a = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/rooms/lobby"), alice).get(5, TimeUnit.SECONDS);
        client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/rooms/lobby"), bob).get(5, TimeUnit.SECONDS);
        client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/rooms/attic"), carol).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("room:lobby") != null
                && server.topicStats("room:lobby").subscribers() == 2);

        a.sendText("hi all");
        assertThat(bob.nextMessage()).isEqualTo("hi all");
        alice.expectNoMessage(200);
        carol.expectNoMessage(0);

        PublishResult r = server.publish("room:lobby", "server notice").get(5, TimeUnit.SECONDS);
        TopicStats stats = server.topicStats("room:lobby");
        assertThat(r.queued()).isEqualTo(2);
        assertThat(stats.published()).isEqualTo(2);
        assertThat(stats.deliveries()).isEqualTo(3);
    }
}
