package dev.weft.cluster.redis;

import dev.weft.WebSocket;
import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * weft nodes, each a JVM of its own, sharing topics through a real redis-server that the tests
 * start, kill, restart and freeze; subscribers are weft's client and npm ws.
 */
@NeedsPeers("redis-server (Debian), node with npm ws")
class RedisClusterBusTest {
    private static final String[] TOPICS = {"A", "B", "C"};

    /** What one subscriber saw: the payloads "TOPIC:pNODE-SEQ", in arrival order. */
    private static Map<String, List<Integer>> byPublisherAndTopic(List<String> payloads) {
        Map<String, List<Integer>> seen = new HashMap<>();
        for (String p : payloads) {
            int dash = p.lastIndexOf('-');
            seen.computeIfAbsent(p.substring(0, dash), k -> new ArrayList<>()).add(Integer.parseInt(p.substring(dash + 1)));
        }
        return seen;
    }

    private static List<String> take(Cluster.Inbox in, int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(in.next());
        }
        return got;
    }

    private static List<String> wsMessages(PeerProcess p, int count) throws InterruptedException {
        await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> p.output().lines().filter(l -> l.startsWith("msg ")).count() >= count + 1);
        return p.output().lines().filter(l -> l.startsWith("msg ") && !l.equals("msg subscribed"))
                .map(l -> l.substring(4)).toList();
    }

    /** Every topic a subscriber holds, every publisher's messages there: all of them, once, in order. */
    private static void assertExactlyOnceInOrder(String who, List<String> got, String topics, int perPublisherAndTopic) {
        Map<String, List<Integer>> seen = byPublisherAndTopic(got);
        int expectedStreams = topics.split(",").length * 3;
        assertThat(seen).as(who + ": streams").hasSize(expectedStreams);
        for (var e : seen.entrySet()) {
            assertThat(topics).as(who + " holds the topic of " + e.getKey()).contains(e.getKey().substring(0, 1));
            List<Integer> seqs = e.getValue();
            assertThat(seqs).as(who + " " + e.getKey() + ": every message once, in order").hasSize(perPublisherAndTopic)
                    .isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void everyPublishReachesEverySubscriberOnEveryNodeExactlyOnceInPublisherOrder() throws Exception {
        try (Cluster cluster = new Cluster(3, 2000)) {
            String[] weftTopics = {"A,B", "B,C", "A,C"};
            List<Cluster.Inbox> weftSubscribers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                weftSubscribers.add(cluster.subscribe(n, weftTopics[n]));
            }
            PeerProcess wsOn0 = cluster.subscribeWithWs(0, "C");
            PeerProcess wsOn2 = cluster.subscribeWithWs(2, "A,B,C");
            cluster.awaitRedisSubscribers(Map.of("A", 2, "B", 3, "C", 3));

            int perPublisher = 1_500;
            List<WebSocket> publishers = new ArrayList<>();
            List<Cluster.Inbox> publisherInboxes = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                Cluster.Inbox in = new Cluster.Inbox();
                publishers.add(cluster.connect(n, "/pub", in));
                publisherInboxes.add(in);
            }
            for (int seq = 0; seq < perPublisher; seq++) {
                String topic = TOPICS[seq % 3];
                for (int n = 0; n < 3; n++) {
                    publishers.get(n).sendText(topic + " " + topic + ":p" + n + "-" + seq);
                }
            }
            int perStream = perPublisher / 3;
            for (int n = 0; n < 3; n++) {
                int expected = weftTopics[n].split(",").length * 3 * perStream;
                List<String> got = take(weftSubscribers.get(n), expected);
                assertExactlyOnceInOrder("weft subscriber on node " + n, got, weftTopics[n], perStream);
                assertThat(weftSubscribers.get(n).texts.poll(300, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
            }
            assertExactlyOnceInOrder("ws subscriber on node 0", wsMessages(wsOn0, 3 * perStream), "C", perStream);
            assertExactlyOnceInOrder("ws subscriber on node 2", wsMessages(wsOn2, 9 * perStream), "A,B,C", perStream);
            for (Cluster.Inbox in : publisherInboxes) {
                assertThat(in.texts).as("no publish failed").isEmpty();
            }
        }
    }

    @Test
    void whenRedisIsKilledAndRestartedLocalDeliveryGoesOnPublishesFailTypedAndInterestComesBack() throws Exception {
        try (Cluster cluster = new Cluster(3, 1000)) {
            List<Cluster.Inbox> subscribers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                subscribers.add(cluster.subscribe(n, "K"));
            }
            cluster.awaitRedisSubscribers(Map.of("K", 3));
            long[] healthBefore = cluster.health(1);
            Cluster.Inbox failures = new Cluster.Inbox();
            WebSocket publisher = cluster.connect(0, "/pub", failures);

            int seq = 0;
            for (; seq < 300; seq++) {
                publisher.sendText("K K:p0-" + seq);
            }
            List<String> beforeKill = take(subscribers.get(1), 300); // through Redis before it goes
            cluster.redis.kill();
            for (; seq < 600; seq++) {
                publisher.sendText("K K:p0-" + seq);
                Thread.sleep(1);
            }
            String failure = failures.next();
            assertThat(failure).as("a publish while Redis is away fails, typed")
                    .matches("failed K:p0-\\d+ ClusterPublishException/ClusterUnavailableException");
            cluster.redis.restart();
            cluster.awaitRedisSubscribers(Map.of("K", 3)); // every node restored its subscription
            cluster.awaitPublishing(0); // and the publishing node its publishing connection
            int firstAfterRecovery = seq;
            for (; seq < 900; seq++) {
                publisher.sendText("K K:p0-" + seq);
            }

            // The publishing node's own subscriber got everything: local delivery never stopped.
            List<String> local = take(subscribers.get(0), 900);
            assertThat(byPublisherAndTopic(local).get("K:p0")).hasSize(900).isSorted().doesNotHaveDuplicates();
            for (int n = 1; n < 3; n++) {
                List<String> got = new ArrayList<>(n == 1 ? beforeKill : List.of());
                String m;
                while ((m = subscribers.get(n).texts.poll(2, TimeUnit.SECONDS)) != null) {
                    got.add(m);
                }
                List<Integer> seqs = byPublisherAndTopic(got).get("K:p0");
                assertThat(seqs).as("node " + n + ": no duplicates, in order").isSorted().doesNotHaveDuplicates();
                assertThat(seqs).as("node " + n + ": everything after recovery")
                        .containsAll(java.util.stream.IntStream.range(firstAfterRecovery, 900).boxed().toList());
                System.out.println("node " + n + " lost " + (900 - seqs.size()) + " of 900 messages around the Redis kill");
            }
            long[] healthAfter = cluster.health(1);
            assertThat(healthAfter[0]).as("threads").isLessThanOrEqualTo(healthBefore[0] + 2);
            assertThat(healthAfter[1]).as("heap after GC").isLessThan(healthBefore[1] + (32L << 20));
        }
    }

    @Test
    void aKilledNodeLeavesTheOthersUnaffected() throws Exception {
        try (Cluster cluster = new Cluster(3, 2000)) {
            List<Cluster.Inbox> subscribers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                subscribers.add(cluster.subscribe(n, "N"));
            }
            cluster.awaitRedisSubscribers(Map.of("N", 3));
            cluster.nodes.get(2).close(); // SIGKILL
            cluster.awaitRedisSubscribers(Map.of("N", 2));
            Cluster.Inbox failures = new Cluster.Inbox();
            WebSocket publisher = cluster.connect(0, "/pub", failures);
            for (int seq = 0; seq < 200; seq++) {
                publisher.sendText("N N:p0-" + seq);
            }
            for (int n = 0; n < 2; n++) {
                List<Integer> seqs = byPublisherAndTopic(take(subscribers.get(n), 200)).get("N:p0");
                assertThat(seqs).hasSize(200).isSorted().doesNotHaveDuplicates();
            }
            assertThat(failures.texts).isEmpty();
        }
    }

    @Test
    void aRedisThatTakesTheConnectionButNeverAnswersTimesPublishesOutTyped() throws Exception {
        try (Cluster cluster = new Cluster(2, 500)) {
            Cluster.Inbox local = cluster.subscribe(0, "S");
            Cluster.Inbox remote = cluster.subscribe(1, "S");
            cluster.awaitRedisSubscribers(Map.of("S", 2));
            Cluster.Inbox answers = new Cluster.Inbox();
            WebSocket publisher = cluster.connect(0, "/pub", answers);

            cluster.redis.freeze();
            publisher.sendText("S S:p0-1");
            assertThat(local.next()).isEqualTo("S:p0-1");
            assertThat(answers.next()).isEqualTo("failed S:p0-1 ClusterPublishException/ClusterUnavailableException");
            cluster.redis.thaw();

            // Redis may still deliver the message it took before it froze: at most once, never twice.
            await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
                publisher.sendText("S S:p0-2");
                assertThat(answers.texts.poll(1, TimeUnit.SECONDS)).as("the publish after thawing succeeds").isNull();
            });
            List<String> got = new ArrayList<>();
            String m;
            while ((m = remote.texts.poll(1, TimeUnit.SECONDS)) != null) {
                got.add(m);
            }
            assertThat(got).contains("S:p0-2").doesNotHaveDuplicates();
        }
    }
}
