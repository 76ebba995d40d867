package dev.weft.internal.transport;

import dev.weft.topic.TopicStats;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A topic with subscribers on this server: how many on each loop (read by publishers on any
 * thread, to visit only the loops that hold some), each loop's own {@link LoopTopic}, and the
 * figures. Lives in {@link TopicRegistry} while it has subscribers.
 */
final class Topic {
    final String name;
    /** Subscriptions on this server, counted as they are asked for; changed only inside the registry's map. */
    volatile int subscriptions;
    /** The same, per loop. */
    final AtomicIntegerArray perLoop;
    /** Each loop's subscribers; element i is touched only by loop i. */
    private final LoopTopic[] onLoop;
    /**
     * The figures, in one array rather than a counter object each: a topic of its own per user is
     * common, so a topic's size matters more than the rare contention of two loops adding at once.
     */
    private final AtomicLongArray figures = new AtomicLongArray(4);
    static final int PUBLISHED = 0;
    static final int DELIVERIES = 1;
    static final int SKIPPED = 2;
    static final int CLOSED = 3;

    Topic(String name, int loops) {
        this.name = name;
        this.perLoop = new AtomicIntegerArray(loops);
        this.onLoop = new LoopTopic[loops];
    }

    /** This topic's subscribers on loop {@code index}, made on first use. That loop's thread only. */
    LoopTopic onLoop(int index) {
        LoopTopic t = onLoop[index];
        if (t == null) {
            t = onLoop[index] = new LoopTopic(this);
        }
        return t;
    }

    /** The subscribers on loop {@code index}, or null if it never had any. That loop's thread only. */
    LoopTopic existingOnLoop(int index) {
        return onLoop[index];
    }

    /** Adds to one of the figures; any thread. */
    void count(int figure, long by) {
        figures.addAndGet(figure, by);
    }

    TopicStats stats() {
        return new TopicStats(name, subscriptions, figures.get(PUBLISHED), figures.get(DELIVERIES), figures.get(SKIPPED),
                figures.get(CLOSED));
    }
}
