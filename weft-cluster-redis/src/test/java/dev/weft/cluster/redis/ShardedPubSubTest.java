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
            startNodes(nodes, 3, redis);
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

    /**
     * A resharding moves topics' slots to other masters while the bus runs. Redis ends the
     * subscriptions on the old master by itself and each node subscribes again on the new one;
     * a node that only publishes to a topic, its slot map now out of date, is answered MOVED and
     * sends there instead (without that, its publishes fail). Every message published once a
     * move has settled arrives once, in its publisher's order.
     */
    @Test
    void slotsMovedToAnotherMasterAreFollowedBySubscribersAndPublishers() throws Exception {
        List<WebSocketServer> nodes = new ArrayList<>();
        try (RedisClusterProcesses redis = new RedisClusterProcesses(); WebSocketClient client = WebSocketClient.create()) {
            startNodes(nodes, 2, redis);
            // "moving" has a subscriber on each node; "watched" one on node 1, and node 0 only publishes to it.
            List<Inbox> moving = new ArrayList<>();
            for (WebSocketServer node : nodes) {
                Inbox in = new Inbox();
                client.connect(URI.create("ws://127.0.0.1:" + node.port() + "/moving"), in).get(10, TimeUnit.SECONDS);
                moving.add(in);
            }
            Inbox watched = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + nodes.get(1).port() + "/watched"), watched).get(10, TimeUnit.SECONDS);
            String movingChannel = "weft:topic:moving";
            String watchedChannel = "weft:topic:watched";
            await().atMost(Duration.ofSeconds(20)).until(() -> subscribersAnywhere(redis, movingChannel) == 2
                    && subscribersAnywhere(redis, watchedChannel) == 1);
            publishAndCheck(nodes, moving, "moving", "before");
            publishAndCheck(nodes.subList(0, 1), List.of(watched), "watched", "before");

            int movingTo = redis.moveSlot(SlotHash.getSlot(movingChannel));
            await().atMost(Duration.ofSeconds(20)).until(() -> shardSubscribers(movingTo, movingChannel) == 2);
            publishAndCheck(nodes, moving, "moving", "after the first move");
            publishAndCheck(nodes.subList(0, 1), List.of(watched), "watched", "after the first move");

            // Node 0 read the slot map again for "moving"; this move it learns of only from the MOVED answer to its publish.
            int watchedTo = redis.moveSlot(SlotHash.getSlot(watchedChannel));
            await().atMost(Duration.ofSeconds(20)).until(() -> shardSubscribers(watchedTo, watchedChannel) == 1);
            publishAndCheck(nodes, moving, "moving", "after the second move");
            publishAndCheck(nodes.subList(0, 1), List.of(watched), "watched", "after the second move");
            assertThat(subscribersAnywhere(redis, movingChannel)).as("subscribed on the new master alone").isEqualTo(2);
            assertThat(subscribersAnywhere(redis, watchedChannel)).isEqualTo(1);
        } finally {
            nodes.forEach(n -> n.stop(Duration.ofMillis(500)));
        }
    }

    /**
     * The master holding a topic's channel dies; its replica takes over (after the cluster's
     * node timeout), and each node subscribes again there and publishes there (without following
     * the slot map, the subscriptions never come back). The dead master, started again, comes
     * back as a replica, and every message still arrives once.
     */
    @Test
    void aFailoverIsFollowedAndTheOldMasterBackAsAReplicaChangesNothing() throws Exception {
        List<WebSocketServer> nodes = new ArrayList<>();
        try (RedisClusterProcesses redis = new RedisClusterProcesses(1); WebSocketClient client = WebSocketClient.create()) {
            startNodes(nodes, 2, redis);
            // A topic whose master is not the node the buses were given: the log line must name the one that dies.
            String topic = "ha";
            for (int i = 0; redis.ownerOf(SlotHash.getSlot("weft:topic:" + topic)) == redis.ports.get(0); i++) {
                topic = "ha" + i;
            }
            List<Inbox> inboxes = new ArrayList<>();
            for (WebSocketServer node : nodes) {
                Inbox in = new Inbox();
                client.connect(URI.create("ws://127.0.0.1:" + node.port() + "/" + topic), in).get(10, TimeUnit.SECONDS);
                inboxes.add(in);
            }
            String channel = "weft:topic:" + topic;
            int slot = SlotHash.getSlot(channel);
            int first = redis.ownerOf(slot);
            await().atMost(Duration.ofSeconds(20)).until(() -> shardSubscribers(first, channel) == 2);
            publishAndCheck(nodes, inboxes, topic, "before the failover");

            java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.weft.cluster");
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.logging.Handler recorder = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    if (r.getLevel() == java.util.logging.Level.WARNING) {
                        warnings.add(r.getMessage());
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            log.addHandler(recorder);
            try {
                redis.kill(first);
                await().atMost(Duration.ofSeconds(10)).until(() -> !warnings.isEmpty());
            } finally {
                log.removeHandler(recorder);
            }
            assertThat(warnings).as("the node that went is named, not the seed").allMatch(w -> w.contains("127.0.0.1:" + first));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                int now = redis.ownerOf(slot);
                return now > 0 && now != first && shardSubscribers(now, channel) == 2;
            });
            publishAndCheck(nodes, inboxes, topic, "after the failover");

            redis.start(first); // back, as a replica of the new master
            await().atMost(Duration.ofSeconds(30)).until(() -> RedisClusterProcesses.onNode(first, c -> c.info("replication"))
                    .contains("master_link_status:up"));
            publishAndCheck(nodes, inboxes, topic, "with the old master back as a replica");
            for (Inbox in : inboxes) {
                in.expectNoMessage(500); // nothing a second time
            }
        } finally {
            nodes.forEach(n -> n.stop(Duration.ofMillis(500)));
        }
    }

    /** Starts {@code count} weft nodes on the cluster, each subscribing a connection to the topic its path names. */
    private static void startNodes(List<WebSocketServer> nodes, int count, RedisClusterProcesses redis) throws Exception {
        for (int n = 0; n < count; n++) {
            nodes.add(WebSocketServer.builder().host("127.0.0.1").port(0)
                    .cluster(RedisClusterBus.builder(redis.seedUri()).sharded(true).build())
                    .endpoint("/{topic}", new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket ws) {
                            ws.subscribe(ws.pathParameters().get("topic"));
                        }
                    }).build().start());
        }
    }

    /**
     * Each of {@code nodes} publishes 50 messages to {@code topic} (a publish answered MOVED is
     * sent again, not failed); every inbox gets each once, in order per publisher.
     */
    private static void publishAndCheck(List<WebSocketServer> nodes, List<Inbox> inboxes, String topic, String when)
            throws Exception {
        int count = 50;
        List<java.util.concurrent.CompletableFuture<?>> publishes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int n = 0; n < nodes.size(); n++) {
                publishes.add(nodes.get(n).publish(topic, n + ":" + i));
            }
        }
        for (var f : publishes) {
            f.get(10, TimeUnit.SECONDS);
        }
        for (Inbox in : inboxes) {
            int[] next = new int[nodes.size()];
            for (int k = 0; k < nodes.size() * count; k++) {
                String m = (String) in.nextMessage();
                int from = m.charAt(0) - '0';
                assertThat(m).as(when).isEqualTo(from + ":" + next[from]++);
            }
            in.expectNoMessage(0);
        }
    }

    private static long subscribersAnywhere(RedisClusterProcesses redis, String channel) {
        long n = 0;
        for (int port : redis.ports) {
            n += shardSubscribers(port, channel);
        }
        return n;
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
