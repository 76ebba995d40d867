package dev.weft.cluster.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sharded pub/sub (Redis 7's {@code SPUBLISH}/{@code SSUBSCRIBE}) on a Redis Cluster: a
 * channel lives on the master that owns its hash slot, so the cluster's pub/sub capacity grows
 * with its masters instead of every message crossing every node. The cluster client reads the
 * slot map; this link keeps its own connections to the masters: one per master to publish
 * ({@code SPUBLISH} to the master owning the channel's slot, opened when the link opens), and one
 * per master to receive, opened (without blocking) when a channel there is first subscribed.
 *
 * <p>The slot map is read when the link opens; a slot that moves to another master later (a
 * resharding or a failover) is not followed: this link is for clusters whose slots stay put.
 */
final class ShardedPubSub implements PubSubLink {
    private final RedisClusterClient cluster;
    /** Opens the receiving connections to single masters (its listeners see them drop and come back). */
    private final RedisClient nodes;
    /** A publishing connection per master, by node id. */
    private final Map<String, StatefulRedisConnection<byte[], byte[]>> publishers = new ConcurrentHashMap<>();
    private volatile boolean opened;
    /** A receiving connection per master, by node id. */
    private final Map<String, CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>> receivers =
            new ConcurrentHashMap<>();
    private volatile Sink sink;

    ShardedPubSub(RedisClusterClient cluster, RedisClient nodes) {
        this.cluster = cluster;
        this.nodes = nodes;
    }

    @Override
    public void open(Sink s) {
        this.sink = s;
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                publishers.computeIfAbsent(node.getNodeId(), id -> nodes.connect(ByteArrayCodec.INSTANCE, node.getUri()));
            }
        }
        opened = true;
    }

    @Override
    public boolean canPublish() {
        return opened;
    }

    @Override
    public CompletionStage<?> publish(byte[] channel, byte[] message) {
        StatefulRedisConnection<byte[], byte[]> p = publishers.get(owner(channel).getNodeId());
        if (p == null || !p.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to the master of this channel"));
        }
        return p.async().spublish(channel, message);
    }

    @Override
    public CompletionStage<?> subscribe(byte[] channel) {
        try {
            return receiverFor(channel).thenCompose(r -> r.isOpen() ? r.async().ssubscribe(channel)
                    : CompletableFuture.failedFuture(new IllegalStateException("not connected")));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void unsubscribe(byte[] channel) {
        // Only once the receiving connection exists: were it still opening, its subscribe could
        // land after this. A channel left subscribed costs a few messages weft drops (no local
        // subscribers), until the topic's next interest change.
        CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> r = opened
                ? receivers.get(owner(channel).getNodeId()) : null;
        if (r != null && r.isDone() && !r.isCompletedExceptionally() && r.join().isOpen()) {
            r.join().async().sunsubscribe(channel);
        }
    }

    private RedisClusterNode owner(byte[] channel) {
        RedisClusterNode node = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (node == null) {
            throw new IllegalStateException("no master owns the slot of this channel");
        }
        return node;
    }

    private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> receiverFor(byte[] channel) {
        RedisClusterNode node = owner(channel);
        CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> r = receivers.computeIfAbsent(node.getNodeId(),
                id -> nodes.connectPubSubAsync(ByteArrayCodec.INSTANCE, node.getUri()).toCompletableFuture()
                        .thenApply(c -> {
                            c.addListener(new RedisPubSubAdapter<>() {
                                @Override
                                public void smessage(byte[] ch, byte[] message) {
                                    sink.message(ch, message);
                                }
                            });
                            return c;
                        }));
        if (r.isCompletedExceptionally()) {
            receivers.remove(node.getNodeId(), r); // the next subscribe tries again
        }
        return r;
    }

    @Override
    public boolean receivesOn(RedisChannelHandler<?, ?> connection) {
        return receivers.values().stream().anyMatch(f -> f.isDone() && !f.isCompletedExceptionally() && f.join() == connection);
    }

    @Override
    public boolean owns(RedisChannelHandler<?, ?> connection) {
        return publishers.containsValue(connection) || receivesOn(connection);
    }

    @Override
    public void close() {
        // The clients' shutdown closes every connection.
    }
}
