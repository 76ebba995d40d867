package dev.weft.cluster.redis;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.NeedsPeers;
import dev.weft.testing.RedisProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's cluster example, run: two servers in this JVM on one real Redis share a room. */
@NeedsPeers("redis-server (Debian)")
class TwoNodesExampleTest {
    /** A chat server whose rooms are topics, shared with every other node on the same Redis. */
    static WebSocketServer roomServer(String redisUri, int port) throws IOException {
        WebSocketServer[] self = new WebSocketServer[1];
        self[0] = WebSocketServer.builder()
                .port(port)
                .cluster(RedisClusterBus.builder(redisUri).build())
                .endpoint("/rooms/{room}", new WebSocketListener() {
                    @Override public void onOpen(WebSocket ws) { ws.subscribe(ws.pathParameters().get("room")); }
                    @Override public void onText(WebSocket ws, String text) { self[0].publish(ws.pathParameters().get("room"), text); }
                })
                .build().start();
        return self[0];
    }

    @Test
    void aMessageOnOneNodeReachesTheRoomOnTheOther() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             WebSocketServer one = roomServer(redis.uri(), 0);
             WebSocketServer two = roomServer(redis.uri(), 0);
             WebSocketClient client = WebSocketClient.create()) {
            Inbox onOne = new Inbox();
            Inbox onTwo = new Inbox();
            WebSocket alice = client.connect(URI.create("ws://127.0.0.1:" + one.port() + "/rooms/lobby"), onOne)
                    .get(5, TimeUnit.SECONDS);
            client.connect(URI.create("ws://127.0.0.1:" + two.port() + "/rooms/lobby"), onTwo).get(5, TimeUnit.SECONDS);
            // Node two subscribes to the room on Redis as bob joins; until then alice is heard on node one alone.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                alice.sendText("anyone?");
                return onTwo.pollMessage(100) != null;
            });
            alice.sendText("hello from node one");
            Object got;
            do {
                got = onTwo.nextMessage();
            } while (got.equals("anyone?"));
            assertThat(got).isEqualTo("hello from node one");
        }
    }
}
