package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Memory per topic subscription: the server's live heap (after a full collection) with many
 * connections open, before and after each subscribes to some topics. Twice: to topics shared
 * by many connections (a thousand topics in all: what a subscription itself costs), then to as
 * many topics of its own (one subscriber each: the subscription and its topic).
 */
public final class SubscriptionMemory implements Scenario {
    private static final int SHARED_TOPICS = 1000;
    private final int connections;
    private final int perConnection;

    /**
     * @param connections   connections open at once
     * @param perConnection topics each subscribes to, in each of the two rounds
     */
    public SubscriptionMemory(int connections, int perConnection) {
        this.connections = connections;
        this.perConnection = perConnection;
    }

    @Override
    public String name() {
        return "subscriptions";
    }

    @Override
    public String description() {
        return String.format("server live heap per subscription, %,d connections × %d topics: among %,d shared "
                + "topics, then as many topics of their own", connections, perConnection, SHARED_TOPICS);
    }

    @Override
    public Measurement run(Target target) throws Exception {
        if (target.pid() <= 0) {
            throw new IllegalArgumentException("the subscriptions scenario reads the server's heap: it needs its pid");
        }
        AtomicLong mismatches = new AtomicLong();
        AtomicReference<CountDownLatch> answered = new AtomicReference<>(new CountDownLatch(connections));
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (!text.equals("ok")) {
                    mismatches.incrementAndGet();
                }
                answered.get().countDown();
            }
        };
        try (WebSocketClient client = Connections.client()) {
            WebSocket[] sockets = Connections.open(client, target.uri("/subscribe"), Connections.options(false), listener,
                    connections);
            round(sockets, answered, mismatches, i -> ""); // a message each first: lazily made state is made
            long none = ProcessStats.liveHeapBytes(target.pid());
            round(sockets, answered, mismatches, i -> topics(k -> "shared-" + (i + k * (SHARED_TOPICS / perConnection)) % SHARED_TOPICS));
            long shared = ProcessStats.liveHeapBytes(target.pid());
            round(sockets, answered, mismatches, i -> topics(k -> "own-" + i + "-" + k));
            long own = ProcessStats.liveHeapBytes(target.pid());
            Connections.terminate(sockets);
            double subscriptions = (double) connections * perConnection;
            return new Measurement(List.of(
                    Figure.less("B/subscription (shared topics)", (shared - none) / subscriptions),
                    Figure.less("B/subscription with its own topic", (own - shared) / subscriptions),
                    Figure.less("live heap MiB with every subscription", own / 1048576.0)), mismatches.get());
        }
    }

    private String topics(IntFunction<String> topic) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < perConnection; k++) {
            sb.append(k == 0 ? "" : ",").append(topic.apply(k));
        }
        return sb.toString();
    }

    /** Each connection sends its message and the round ends when every one is answered. */
    private void round(WebSocket[] sockets, AtomicReference<CountDownLatch> answered, AtomicLong mismatches,
                       IntFunction<String> message) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(sockets.length);
        answered.set(latch);
        for (int i = 0; i < sockets.length; i++) {
            sockets[i].sendText(message.apply(i));
        }
        if (!latch.await(120, TimeUnit.SECONDS)) {
            mismatches.addAndGet(latch.getCount());
        }
    }
}
