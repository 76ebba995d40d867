package dev.weft.topic;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Topics under concurrent subscribing, unsubscribing, publishing and closing. */
class TopicRacesTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    /** Records what the server tells a bus about interest: every topic must alternate added, removed. */
    static final class InterestRecorder implements ClusterBus {
        final Map<String, AtomicInteger> interest = new ConcurrentHashMap<>();
        final List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void start(Receiver receiver) {
        }

        @Override
        public CompletionStage<Void> publish(String topic, MessageType type, ByteBuffer payload) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void interestAdded(String topic) {
            if (interest.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet() != 1) {
                faults.add("added twice: " + topic);
            }
        }

        @Override
        public void interestRemoved(String topic) {
            if (interest.computeIfAbsent(topic, t -> new AtomicInteger()).decrementAndGet() != 0) {
                faults.add("removed without interest: " + topic);
            }
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void subscribeUnsubscribePublishAndCloseFromManyThreadsLeaveConsistentCounts() throws Exception {
        InterestRecorder bus = new InterestRecorder();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2).cluster(bus)
                .endpoint("/", new WebSocketListener() { }).build().start();
        int connections = 40;
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Inbox in = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), in).get(5, TimeUnit.SECONDS);
            inboxes.add(in);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().size() == connections);
        List<WebSocket> serverSide = new ArrayList<>(server.connections());
        String[] topics = {"t0", "t1", "t2", "t3", "t4"};

        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int th = 0; th < 4; th++) {
            int seed = th;
            work.add(threads.submit(() -> {
                Random r = new Random(seed);
                go.await();
                for (int i = 0; i < 20_000; i++) {
                    WebSocket ws = serverSide.get(r.nextInt(connections));
                    String t = topics[r.nextInt(topics.length)];
                    if (r.nextBoolean()) {
                        ws.subscribe(t);
                    } else {
                        ws.unsubscribe(t);
                    }
                }
                return null;
            }));
        }
        for (int th = 0; th < 2; th++) {
            work.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < 2_000; i++) {
                    server.publish(topics[i % topics.length], "p" + i).get(5, TimeUnit.SECONDS);
                }
                return null;
            }));
        }
        go.countDown();
        // Meanwhile, ten connections close.
        for (int i = 0; i < 10; i++) {
            serverSide.get(i).close();
        }
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections().size() == connections - 10);

        // Once the loops have run every queued change, each topic's count is what the open
        // connections say they hold, and the bus was told of exactly the topics with subscribers.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String t : topics) {
                long holding = server.connections().stream().filter(ws -> ws.topics().contains(t)).count();
                TopicStats stats = server.topicStats(t);
                assertThat(stats == null ? 0 : stats.subscribers()).as(t).isEqualTo((int) holding);
                assertThat(bus.interest.getOrDefault(t, new AtomicInteger()).get()).as(t).isEqualTo(holding > 0 ? 1 : 0);
            }
        });
        assertThat(bus.faults).isEmpty();

        // And a publish reaches exactly those that hold the topic.
        for (String t : topics) {
            long holding = server.connections().stream().filter(ws -> ws.topics().contains(t)).count();
            assertThat(server.publish(t, "final").get(5, TimeUnit.SECONDS).queued()).isEqualTo((int) holding);
        }
    }
}
