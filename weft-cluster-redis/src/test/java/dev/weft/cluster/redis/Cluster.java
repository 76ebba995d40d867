package dev.weft.cluster.redis;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.testing.PeerProcess;
import dev.weft.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A test's Redis and weft nodes, each node a JVM of its own, and clients on them. */
final class Cluster implements AutoCloseable {
    final RedisProcess redis;
    final List<PeerProcess> nodes = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    final WebSocketClient client = WebSocketClient.create();
    private final List<PeerProcess> peers = new ArrayList<>();
    private final RedisClient inspector;
    private final StatefulRedisConnection<String, String> inspection;

    Cluster(int nodeCount, long commandTimeoutMillis) throws Exception {
        redis = RedisProcess.start();
        inspector = RedisClient.create(redis.uri());
        inspection = inspector.connect();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < nodeCount; i++) {
            PeerProcess node = PeerProcess.start(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    ClusterNode.class.getName(), redis.uri(), String.valueOf(commandTimeoutMillis));
            nodes.add(node);
            ports.add(Integer.parseInt(node.awaitLine(l -> l.startsWith("port "), 30).substring(5)));
        }
    }

    /** A weft client's inbox of text messages. */
    static final class Inbox implements WebSocketListener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocket ws, String text) {
            texts.add(text);
        }

        String next() throws InterruptedException {
            String t = texts.poll(10, TimeUnit.SECONDS);
            assertThat(t).as("a message within 10 s").isNotNull();
            return t;
        }
    }

    /** Connects a weft client to {@code path} on node {@code node}. */
    WebSocket connect(int node, String path, Inbox inbox) throws Exception {
        return client.connect(URI.create("ws://127.0.0.1:" + ports.get(node) + path), inbox).get(10, TimeUnit.SECONDS);
    }

    /** A weft subscriber on node {@code node}, subscribed once this returns. */
    Inbox subscribe(int node, String topics) throws Exception {
        Inbox in = new Inbox();
        connect(node, "/sub/" + topics, in);
        assertThat(in.next()).isEqualTo("subscribed");
        return in;
    }

    /** An npm ws subscriber on node {@code node}; its output lines are its messages. */
    PeerProcess subscribeWithWs(int node, String topics) throws Exception {
        PeerProcess p = PeerProcess.start("node", "topic_client.js", "ws://127.0.0.1:" + ports.get(node) + "/sub/" + topics);
        peers.add(p);
        p.awaitLine(l -> l.equals("msg subscribed"), 20);
        return p;
    }

    /** Waits until Redis counts {@code expected} subscribed nodes on each topic's channel. */
    void awaitRedisSubscribers(Map<String, Integer> expected) {
        await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
            for (var e : expected.entrySet()) {
                Map<String, Long> counts = inspection.sync().pubsubNumsub("weft:topic:" + e.getKey());
                assertThat(counts.get("weft:topic:" + e.getKey())).as(e.getKey()).isEqualTo((long) e.getValue());
            }
        });
    }

    /**
     * Waits until node {@code node} publishes to Redis again: its publishing connection reconnects
     * on its own backoff, independently of the subscriptions {@link #awaitRedisSubscribers} sees.
     * The probe goes to a topic no test subscribes to.
     */
    void awaitPublishing(int node) throws Exception {
        Inbox in = new Inbox();
        WebSocket probe = connect(node, "/probe", in);
        await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
            probe.sendText("probe probe");
            assertThat(in.next()).isEqualTo("ok");
        });
        probe.close();
    }

    /** The node's "threads=N heap=BYTES" answer. */
    long[] health(int node) throws Exception {
        Inbox in = new Inbox();
        WebSocket ws = connect(node, "/health", in);
        ws.sendText("?");
        String[] parts = in.next().split("[ =]");
        ws.close();
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[3])};
    }

    @Override
    public void close() throws Exception {
        client.close();
        peers.forEach(PeerProcess::close);
        nodes.forEach(PeerProcess::close);
        inspection.close();
        inspector.shutdown();
        redis.close();
    }
}
