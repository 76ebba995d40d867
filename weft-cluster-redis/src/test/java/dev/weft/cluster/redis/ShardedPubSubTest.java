package dev.weft.cluster.redis;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.NeedsPeers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sharded pub/sub on a real three-master Redis Cluster: topics spread over the masters by hash
 * slot, each channel subscribed on its own master only, and every publish reaching every
 * subscriber on every weft node once, in its publisher's order.
 */
@NeedsPeers("redis-server and redis-cli (Debian)")
class ShardedPubSubTest {
    private static final int TOPICS = 12;
    private static final int PER_TOPIC = 200;

    @Test
    void topicsSpreadOverTheMastersAndEveryPublishArrivesOnceInOrder() throws Exception {
        List<WebSocketServer> nodes = new ArrayList<>();
        try (RedisClusterProcesses redis = new RedisClusterProcesses(); WebSocketClient client = WebSocketClient.create()) {
            for (int n = 0; n < 3; n++) {
                nodes.add(WebSocketServer.builder().host("127.0.0.1").port(0)
                        .cluster(RedisClusterBus.builder(redis.seedUri()).sharded(true).build())
                        .endpoint("/{topic}", new WebSocketListener() {
                            @Override
                            public void onOpen(WebSocket ws) {
                                ws.subscribe(ws.pathParameters().get("topic"));
                            }
                        }).build().start());
            }
            // One subscriber per topic on every node.
            List<List<Inbox>> inboxes = new ArrayList<>();
            for (int t = 0; t < TOPICS; t++) {
                List<Inbox> perNode = new ArrayList<>();
                for (WebSocketServer node : nodes) {
                    Inbox in = new Inbox();
                    client.connect(URI.create("ws://127.0.0.1:" + node.port() + "/topic-" + t), in).get(10, TimeUnit.SECONDS);
                    perNode.add(in);
                }
                inboxes.add(perNode);
            }
            // Each channel is subscribed by the three nodes on the master owning its slot, and on no other.
            Set<Integer> mastersUsed = new HashSet<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                mastersUsed.clear();
                for (int t = 0; t < TOPICS; t++) {
                    String channel = "weft:topic:topic-" + t;
                    int holders = 0;
                    for (int port : redis.ports) {
                        long n = shardSubscribers(port, channel);
                        if (n > 0) {
                            assertThat(n).as(channel + " on " + port).isEqualTo(3);
                            holders++;
                            mastersUsed.add(port);
                        }
                    }
                    assertThat(holders).as(channel + " lives on one master (slot " + SlotHash.getSlot(channel) + ")").isEqualTo(1);
                }
            });
            assertThat(mastersUsed).as("the topics spread over the masters").hasSizeGreaterThan(1);

            List<java.util.concurrent.CompletableFuture<?>> publishes = new ArrayList<>();
            for (int seq = 0; seq < PER_TOPIC; seq++) {
                for (int t = 0; t < TOPICS; t++) {
                    // Each topic has one publishing node: order is kept per publisher.
                    publishes.add(nodes.get(t % 3).publish("topic-" + t, "t" + t + "-" + seq));
                }
            }
            for (var f : publishes) {
                f.get(10, TimeUnit.SECONDS); // Redis took every one
            }
            for (int t = 0; t < TOPICS; t++) {
                for (Inbox in : inboxes.get(t)) {
                    for (int seq = 0; seq < PER_TOPIC; seq++) {
                        assertThat(in.nextMessage()).isEqualTo("t" + t + "-" + seq);
                    }
                    in.expectNoMessage(0);
                }
            }
        } finally {
            nodes.forEach(n -> n.stop(Duration.ofMillis(500)));
        }
    }

    private static long shardSubscribers(int port, String channel) {
        RedisClient c = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> conn = c.connect()) {
            Map<String, Long> counts = conn.sync().pubsubShardNumsub(channel);
            Long n = counts.get(channel);
            return n == null ? 0 : n;
        } finally {
            c.shutdown();
        }
    }
}
