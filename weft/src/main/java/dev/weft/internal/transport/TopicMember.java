package dev.weft.internal.transport;

import dev.weft.topic.SlowSubscriberPolicy;

import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Something on one event loop that subscribes to a server's topics: a WebSocket connection or
 * an event stream. Holds the connection's side of its subscriptions (null until the first, so
 * a connection that never subscribes pays two fields) and keeps them in step with the
 * {@link TopicRegistry}'s counts and the loop's {@link LoopTopic} sets.
 */
abstract class TopicMember extends Outgoing {
    /** The topics this member subscribes to, on its loop; null until its first subscription. */
    private IdentitySet<LoopTopic> subscriptions;

    TopicMember(Link link, dev.weft.WebSocketConfig config) {
        super(link, config);
    }

    /** The server's topics, or null where there are none (a client's connection). */
    abstract TopicRegistry topicRegistry();

    /** The loop this member lives on. */
    abstract EventLoop memberLoop();

    /** Whether the member is closed, so a subscription arriving now must not be kept. Loop thread. */
    abstract boolean closedForTopics();

    /**
     * Loop thread: a published message for this member, unless its slow-subscriber policy says
     * otherwise.
     *
     * @param message the message, encoded once for every subscriber
     * @param policy  what to do if this member is past its high watermark
     * @return what became of it
     */
    abstract Delivery deliverPublished(PublishedMessage message, SlowSubscriberPolicy policy);

    /**
     * Closes this member for being too slow for its topics ({@link SlowSubscriberPolicy#close}).
     * Loop thread.
     *
     * @param policy  the policy, with its close code
     * @param queued  the bytes it has queued, for the log line
     */
    abstract void closeForSlowness(SlowSubscriberPolicy policy, long queued);

    /**
     * What the slow-subscriber policy makes of a delivery to this member with {@code queued} bytes
     * waiting: {@code null} to deliver (below the high watermark, or the policy queues), else
     * skipped, or closed (done here). Loop thread.
     */
    final Delivery slowVerdict(long queued, long highWatermark, SlowSubscriberPolicy policy) {
        if (queued <= highWatermark) {
            return null;
        }
        switch (policy.action()) {
            case SKIP:
                return Delivery.SKIPPED;
            case CLOSE:
                closeForSlowness(policy, queued);
                return Delivery.CLOSED;
            default:
                return null; // QUEUE: up to the hard cap
        }
    }

    /** Runs {@code r} on the member's loop: now if called there, else as a task. */
    public final void onLoop(Runnable r) {
        EventLoop loop = memberLoop();
        if (loop.inLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    /** Subscribes to {@code topic}; any thread. A publish made after this returns reaches the member. */
    final void subscribeTo(String topic) {
        TopicRegistry registry = topicRegistry();
        Objects.requireNonNull(topic, "topic");
        EventLoop loop = memberLoop();
        if (loop.inLoop()) {
            if (!closedForTopics()) {
                joinOnLoop(registry.join(topic, loop.index));
            }
        } else {
            // Counted now, so a publish made after this call returns visits this loop, which
            // runs the join before that publish's delivery.
            Topic joined = registry.join(topic, loop.index);
            loop.execute(() -> joinOnLoop(joined));
        }
    }

    /** Loop thread: adds this member to a topic already counted for it (or uncounts a duplicate). */
    private void joinOnLoop(Topic topic) {
        int loop = memberLoop().index;
        LoopTopic here = topic.onLoop(loop);
        if (closedForTopics() || (subscriptions != null && subscriptions.contains(here))) {
            topicRegistry().leave(topic, loop);
            return;
        }
        if (subscriptions == null) {
            subscriptions = new IdentitySet<>();
        }
        subscriptions.add(here);
        here.subscribers.add(this);
    }

    /** Ends a subscription to {@code topic}, if there is one; any thread. */
    final void unsubscribeFrom(String topic) {
        TopicRegistry registry = topicRegistry();
        Objects.requireNonNull(topic, "topic");
        onLoop(() -> {
            Topic t = subscriptions == null ? null : registry.get(topic);
            LoopTopic here = t == null ? null : t.existingOnLoop(memberLoop().index);
            if (here != null && subscriptions.remove(here)) {
                leave(here);
                if (subscriptions.isEmpty()) {
                    subscriptions = null;
                }
            }
        });
    }

    /** The topics subscribed to, a snapshot that may lag a subscription made on another thread. */
    final Set<String> topicNames() {
        IdentitySet<LoopTopic> subs = subscriptions;
        if (subs == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (Object o : subs.racySnapshot()) {
            names.add(((LoopTopic) o).topic.name);
        }
        return Collections.unmodifiableSet(names);
    }

    private void leave(LoopTopic here) {
        here.subscribers.remove(this);
        topicRegistry().leave(here.topic, memberLoop().index);
    }

    /** Closed: out of every topic. Loop thread. */
    final void leaveAllTopics() {
        IdentitySet<LoopTopic> subs = subscriptions;
        if (subs != null) {
            subscriptions = null;
            subs.forEach(this::leave);
        }
    }
}
