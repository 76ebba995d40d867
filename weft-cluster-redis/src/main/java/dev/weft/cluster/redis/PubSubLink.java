package dev.weft.cluster.redis;

import io.lettuce.core.RedisChannelHandler;

import java.util.concurrent.CompletionStage;

/**
 * How the bus reaches Redis: plain pub/sub on one server ({@link PlainPubSub}) or sharded pub/sub
 * on a Redis Cluster ({@link ShardedPubSub}). Opened once Redis answers; every call after that
 * returns at once.
 */
interface PubSubLink {
    /** Where messages from Redis go. */
    interface Sink {
        /** A message on a subscribed channel. */
        void message(byte[] channel, byte[] message);

        /**
         * This link's subscription to a channel ended: asked for, or ended by Redis itself
         * (sharded pub/sub, when the channel's hash slot moves to another master). The sink
         * subscribes again if it still wants the channel.
         */
        void unsubscribed(byte[] channel);
    }

    /**
     * Connects (blocking, on the bus's own thread); throws if Redis cannot be reached.
     *
     * @param sink receives every message on a subscribed channel
     */
    void open(Sink sink);

    /** Whether a publish can be sent now. */
    boolean canPublish();

    /** Publishes one message; fails if Redis is away, refuses it or does not answer in time. */
    CompletionStage<?> publish(byte[] channel, byte[] message);

    /**
     * Subscribes to a channel (again, harmlessly, if already); fails if it cannot be sent now.
     * A sharded link subscribes on the master that owns the channel now, reading the cluster's
     * slots again if the one it thought owned it answers that another does.
     */
    CompletionStage<?> subscribe(byte[] channel);

    /** Unsubscribes from a channel, if connected (a failure is made good by the next subscriber's interest). */
    void unsubscribe(byte[] channel);

    /**
     * Whether this link follows a cluster's slot map (sharded pub/sub): then, when one of its
     * connections drops, the bus calls {@link #remap()} until {@link #settled()}.
     */
    default boolean followsSlots() {
        return false;
    }

    /**
     * Reads the slot map again and lets go of the connections to nodes that no longer own
     * slots (a master replaced in a failover), so they stop reconnecting.
     */
    default CompletionStage<Void> remap() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Whether every connection this link holds is open (for a link that follows slots: to masters that own slots). */
    default boolean settled() {
        return true;
    }

    /** Whether {@code connection} is one this link receives messages on (so its reconnect must restore subscriptions). */
    boolean receivesOn(RedisChannelHandler<?, ?> connection);

    /**
     * The node {@code connection} goes to, as {@code host:port}, for log lines; null if the link
     * has one Redis (the bus's URI says where).
     */
    default String nodeOf(RedisChannelHandler<?, ?> connection) {
        return null;
    }

    /** Whether {@code connection} is one of this link's. */
    boolean owns(RedisChannelHandler<?, ?> connection);

    /** Closes every connection. */
    void close();
}
