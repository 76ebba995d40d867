package dev.weft.internal.transport;

import dev.weft.WebSocket;
import dev.weft.protocol.frame.Opcode;
import dev.weft.topic.ClusterBus;
import dev.weft.topic.PublishResult;
import dev.weft.topic.SlowSubscriberPolicy;
import dev.weft.topic.TopicStats;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's topics: which loops hold subscribers of each, and publishing to them.
 *
 * <pre>
 * subscribe (any thread) ─▶ join: count it (map entry, atomically) ─▶ loop: add to the loop's LoopTopic and the connection's set
 * publish (any thread) ─▶ one frame ─▶ one task per loop with subscribers ─▶ each subscriber: watermark? policy : queue the shared frame
 *                                                                        └▶ tally ─▶ future completes when every loop has reported
 * </pre>
 *
 * <p>Counting a subscription happens on the caller's thread, before the loop adds it, so a
 * publish made after {@code subscribe} returns already visits that loop and finds the
 * subscriber there (the loop runs the subscribe task first). A topic whose count falls to zero
 * leaves the map; the {@link ClusterBus} hears of the first subscriber and of the last one's
 * going inside the map's update, so those calls keep their order per topic.
 */
public final class TopicRegistry {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlowSubscriberPolicy> policies = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final MemoryLedger ledger;
    private final SlowSubscriberPolicy defaultPolicy;
    private final ClusterBus bus;

    /**
     * @param group         the loops subscribers live on
     * @param ledger        the outbound budget published frames are charged to
     * @param defaultPolicy what to do with slow subscribers of a topic that has no policy of its own
     * @param bus           the other nodes' topics, or null for this server alone
     */
    public TopicRegistry(EventLoopGroup group, MemoryLedger ledger, SlowSubscriberPolicy defaultPolicy, ClusterBus bus) {
        this.group = group;
        this.ledger = ledger;
        this.defaultPolicy = defaultPolicy;
        this.bus = bus;
    }

    /** The cluster bus, or null. */
    public ClusterBus bus() {
        return bus;
    }

    /**
     * Sets the slow-subscriber policy of one topic (kept whether or not it has subscribers).
     *
     * @param topic  the topic
     * @param policy its policy, or null to go back to the server's default
     */
    public void policy(String topic, SlowSubscriberPolicy policy) {
        if (policy == null) {
            policies.remove(topic);
        } else {
            policies.put(topic, policy);
        }
    }

    /** Counts a subscription to {@code name} on loop {@code loop}; any thread. */
    Topic join(String name, int loop) {
        return topics.compute(name, (k, t) -> {
            if (t == null) {
                t = new Topic(k, group.size());
                if (bus != null) {
                    interest(k, true);
                }
            }
            t.subscriptions++;
            t.perLoop.incrementAndGet(loop);
            return t;
        });
    }

    /** A subscription counted by {@link #join} is gone; the topic goes with its last one. Any thread. */
    void leave(Topic topic, int loop) {
        topics.computeIfPresent(topic.name, (k, t) -> {
            if (t != topic) {
                return t; // cannot happen while topic still counts a subscription; left alone if it does
            }
            t.perLoop.decrementAndGet(loop);
            if (--t.subscriptions > 0) {
                return t;
            }
            if (bus != null) {
                interest(k, false);
            }
            return null;
        });
    }

    private void interest(String topic, boolean added) {
        try {
            if (added) {
                bus.interestAdded(topic);
            } else {
                bus.interestRemoved(topic);
            }
        } catch (RuntimeException e) {
            // The bus restores interest itself when it can; subscribing locally goes on either way.
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "cluster bus refused interest in topic " + topic, e);
        }
    }

    /** The topic as it is now, or null if nobody here subscribes to it. */
    Topic get(String name) {
        return topics.get(name);
    }

    /**
     * Queues {@code frame} for every subscriber of {@code name} on this server except
     * {@code except}. Any thread; never waits for a subscriber.
     *
     * @param frame       the whole frame, encoded once for all; not changed afterwards
     * @param payloadSize what each delivery charges to its connection's queue
     * @return completes when every loop holding subscribers has queued, skipped or closed them
     */
    public CompletableFuture<PublishResult> publishLocally(String name, ByteBuffer frame, long payloadSize,
                                                           dev.weft.MessageType type, WebSocket except) {
        Topic t = topics.get(name);
        if (t == null) {
            return CompletableFuture.completedFuture(PublishResult.NOBODY);
        }
        t.count(Topic.PUBLISHED, 1);
        ByteBuffer view = frame.asReadOnlyBuffer();
        if (!ledger.reserveOutbound(view.remaining(), false)) {
            int all = t.subscriptions;
            t.count(Topic.SKIPPED, all);
            ledger.broadcastSkipped(all);
            return CompletableFuture.completedFuture(new PublishResult(0, all, 0));
        }
        PublishedMessage message = new PublishedMessage(view, payloadSize,
                type == dev.weft.MessageType.TEXT ? Opcode.TEXT : Opcode.BINARY, ledger);
        PublishTally tally = new PublishTally(t, message);
        SlowSubscriberPolicy policy = policies.getOrDefault(name, defaultPolicy);
        for (int i = 0; i < group.size(); i++) {
            if (t.perLoop.get(i) > 0) {
                tally.expectLoop();
                int index = i;
                group.loop(i).execute(() -> deliver(t, index, message, except, policy, tally));
            }
        }
        tally.allLoopsExpected();
        return tally.future;
    }

    /** On loop {@code index}: hands the frame to each of the topic's subscribers there. */
    private void deliver(Topic t, int index, PublishedMessage message, WebSocket except, SlowSubscriberPolicy policy,
                         PublishTally tally) {
        LoopTopic here = t.existingOnLoop(index);
        int queued = 0;
        int skipped = 0;
        int closed = 0;
        try {
            if (here != null) {
                EventLoop loop = group.loop(index);
                // A copy, since a delivery may close a connection, which unsubscribes it from this set.
                int n = here.subscribers.size();
                Object[] subscribers = loop.topicScratch = here.subscribers.copyInto(loop.topicScratch);
                for (int i = 0; i < n; i++) {
                    TopicMember s = (TopicMember) subscribers[i];
                    subscribers[i] = null;
                    if (s == except) {
                        continue;
                    }
                    switch (deliverTo(s, message, policy)) {
                        case QUEUED -> queued++;
                        case SKIPPED -> skipped++;
                        case CLOSED -> closed++;
                        case GONE -> { }
                    }
                }
            }
        } finally {
            // Always reported, so the publish's future completes and its frames go back to the budget.
            tally.loopDone(queued, skipped, closed);
        }
    }

    /** One delivery; a connection that fails it is counted as skipped and the others go on. */
    private static Delivery deliverTo(TopicMember s, PublishedMessage message, SlowSubscriberPolicy policy) {
        try {
            return s.deliverPublished(message, policy);
        } catch (RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "a topic delivery failed; the subscriber is skipped", e);
            return Delivery.SKIPPED;
        }
    }

    /**
     * The figures of one topic.
     *
     * @return its figures, or null if nobody here subscribes to it
     */
    public TopicStats stats(String name) {
        Topic t = topics.get(name);
        return t == null ? null : t.stats();
    }

    /** The figures of every topic with subscribers here. */
    public List<TopicStats> stats() {
        List<TopicStats> all = new ArrayList<>(topics.size());
        for (Topic t : topics.values()) {
            all.add(t.stats());
        }
        return all;
    }
}
