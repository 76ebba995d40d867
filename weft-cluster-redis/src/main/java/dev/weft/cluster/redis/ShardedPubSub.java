package dev.weft.cluster.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Sharded pub/sub (Redis 7's {@code SPUBLISH}/{@code SSUBSCRIBE}) on a Redis Cluster: a
 * channel lives on the master that owns its hash slot, so the cluster's pub/sub capacity grows
 * with its masters instead of every message crossing every node. The cluster client reads the
 * slot map; this link keeps its own connections to the masters: one per master to publish
 * ({@code SPUBLISH} to the master owning the channel's slot), and one per master to receive,
 * opened (without blocking) when a channel there is first subscribed.
 *
 * <p><b>Slots that move</b> (a resharding): Redis ends the subscriptions to a moved slot's
 * channels on their old master by itself ({@code sunsubscribe}, passed on to the sink, which
 * subscribes again), and the old master answers a publish or a subscription for that slot with
 * {@code MOVED}; either way this link reads the slot map again (once for all the commands that
 * were redirected meanwhile) and sends the command to the new owner. Messages published while
 * a slot moves may be lost (as any while a node is away: pub/sub keeps nothing), and those
 * redirected may arrive after later ones.
 *
 * <p><b>A failover</b> (a replica promoted when its master dies): once a connection drops, the
 * bus has the slot map read again until every connection this link keeps is open ({@link #remap()}):
 * connections to a node that no longer owns slots are closed and forgotten (rather than
 * reconnecting to a dead node for ever, or to the old master come back as a replica), and the
 * bus subscribes again, on the masters that own the channels now.
 */
final class ShardedPubSub implements PubSubLink {
    private final RedisClusterClient cluster;
    /** Opens the connections to single masters (its listeners see them drop and come back). */
    private final RedisClient nodes;
    /** A publishing connection per master, by node id; opened when the link opens, and for a master first seen later. */
    private final Map<String, QueuedConnection<StatefulRedisConnection<byte[], byte[]>>> publishers =
            new ConcurrentHashMap<>();
    private volatile boolean opened;
    /** A receiving connection per master, by node id. */
    private final Map<String, QueuedConnection<StatefulRedisPubSubConnection<byte[], byte[]>>> receivers =
            new ConcurrentHashMap<>();
    /** The reading of the slot map under way, which every caller meanwhile shares; null when none. */
    private final AtomicReference<CompletableFuture<Void>> reading = new AtomicReference<>();
    /** Commands a master answered {@code MOVED}, in the order of the answers, to run again once the slot map is read. */
    private final Queue<Runnable> redirectedCommands = new ConcurrentLinkedQueue<>();
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
                publisherFor(node).awaitOpen(); // blocking here, on the bus's thread: throws if a master cannot be reached
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
        return redirected(() -> publisherFor(owner(channel)).run(p -> p.async().spublish(channel, message)));
    }

    @Override
    public CompletionStage<?> subscribe(byte[] channel) {
        return redirected(() -> receiverFor(channel).run(r -> r.async().ssubscribe(channel)));
    }

    @Override
    public void unsubscribe(byte[] channel) {
        // Only once the receiving connection exists: were it still opening, its subscribe could
        // land after this. A channel left subscribed costs a few messages weft drops (no local
        // subscribers), until the topic's next interest change.
        QueuedConnection<StatefulRedisPubSubConnection<byte[], byte[]>> r = opened
                ? receivers.get(owner(channel).getNodeId()) : null;
        if (r != null && r.isOpen()) {
            r.run(c -> c.async().sunsubscribe(channel));
        }
    }

    /**
     * Runs a command on the master the slot map names; if that master answers {@code MOVED}
     * (the slot went elsewhere), runs it once more after the slot map is read again. Commands
     * redirected meanwhile run again in the order their answers came, so the publishes of one
     * topic stay in order among themselves.
     */
    private <R> CompletableFuture<R> redirected(Supplier<CompletableFuture<R>> command) {
        return attempt(command).exceptionallyCompose(e -> {
            if (!movedElsewhere(e)) {
                return CompletableFuture.failedFuture(e);
            }
            CompletableFuture<R> again = new CompletableFuture<>();
            redirectedCommands.add(() -> attempt(command).whenComplete((r, failure) -> {
                if (failure != null) {
                    again.completeExceptionally(failure);
                } else {
                    again.complete(r);
                }
            }));
            rereadSlots();
            return again;
        });
    }

    private static <R> CompletableFuture<R> attempt(Supplier<CompletableFuture<R>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean movedElsewhere(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof RedisCommandExecutionException && cause.getMessage() != null
                && cause.getMessage().startsWith("MOVED");
    }

    /**
     * Reads the slot map again, or joins the reading under way; once read, lets go of the
     * connections to nodes that own no slots (a master replaced in a failover), then runs the
     * redirected commands in order (also if the reading failed: they fail again, each
     * redirected only once). A command queued after the last one ran starts a reading of its own.
     */
    private CompletableFuture<Void> rereadSlots() {
        while (true) {
            CompletableFuture<Void> running = reading.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<Void> fresh = new CompletableFuture<>();
            if (reading.compareAndSet(null, fresh)) {
                cluster.refreshPartitionsAsync().whenComplete((ok, failure) -> {
                    reading.set(null);
                    if (failure == null) {
                        letGoOfNodesWithoutSlots();
                    }
                    for (Runnable command; (command = redirectedCommands.poll()) != null; ) {
                        command.run();
                    }
                    if (failure != null) {
                        fresh.completeExceptionally(failure);
                    } else {
                        fresh.complete(null);
                    }
                });
                return fresh;
            }
        }
    }

    private RedisClusterNode owner(byte[] channel) {
        RedisClusterNode node = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (node == null) {
            throw new IllegalStateException("no master owns the slot of this channel");
        }
        return node;
    }

    private QueuedConnection<StatefulRedisConnection<byte[], byte[]>> publisherFor(RedisClusterNode node) {
        return connection(publishers, node, () -> nodes.connectAsync(ByteArrayCodec.INSTANCE, node.getUri())
                .toCompletableFuture());
    }

    private QueuedConnection<StatefulRedisPubSubConnection<byte[], byte[]>> receiverFor(byte[] channel) {
        RedisClusterNode node = owner(channel);
        return connection(receivers, node, () -> nodes.connectPubSubAsync(ByteArrayCodec.INSTANCE, node.getUri())
                .toCompletableFuture().thenApply(c -> {
                    c.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void smessage(byte[] ch, byte[] message) {
                            sink.message(ch, message);
                        }

                        @Override
                        public void sunsubscribed(byte[] ch, long count) {
                            sink.unsubscribed(ch); // asked for, or the slot moved: the sink knows which
                        }
                    });
                    return c;
                }));
    }

    /** The connection to {@code node} in {@code byNode}, opened (without blocking) if there is none or the last attempt failed. */
    private static <C extends StatefulConnection<?, ?>> QueuedConnection<C> connection(
            Map<String, QueuedConnection<C>> byNode, RedisClusterNode node, Supplier<CompletableFuture<C>> open) {
        QueuedConnection<C> c = byNode.get(node.getNodeId());
        if (c != null && !c.failed()) {
            return c;
        }
        return byNode.compute(node.getNodeId(), (id, old) -> old == null || old.failed()
                ? new QueuedConnection<>(open.get()) : old);
    }

    @Override
    public boolean followsSlots() {
        return true;
    }

    @Override
    public CompletionStage<Void> remap() {
        return rereadSlots();
    }

    /** Closes and forgets the connections to nodes that own no slots in the slot map just read. */
    private void letGoOfNodesWithoutSlots() {
        Set<String> owners = new HashSet<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                owners.add(node.getNodeId());
            }
        }
        letGoUnless(owners, publishers);
        letGoUnless(owners, receivers);
    }

    /** Closes and forgets the connections to nodes not in {@code owners}. */
    private static void letGoUnless(Set<String> owners, Map<String, ? extends QueuedConnection<?>> byNode) {
        byNode.entrySet().removeIf(e -> {
            if (owners.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    @Override
    public boolean settled() {
        return allOpen(publishers) && allOpen(receivers);
    }

    private static boolean allOpen(Map<String, ? extends QueuedConnection<?>> byNode) {
        return byNode.values().stream().allMatch(QueuedConnection::isOpen);
    }

    @Override
    public boolean receivesOn(RedisChannelHandler<?, ?> connection) {
        return holds(receivers, connection);
    }

    @Override
    public String nodeOf(RedisChannelHandler<?, ?> connection) {
        for (Map<String, ? extends QueuedConnection<?>> byNode : List.of(publishers, receivers)) {
            for (Map.Entry<String, ? extends QueuedConnection<?>> e : byNode.entrySet()) {
                RedisClusterNode node = e.getValue().is(connection) ? cluster.getPartitions().getPartitionByNodeId(e.getKey()) : null;
                if (node != null) {
                    return node.getUri().getHost() + ":" + node.getUri().getPort();
                }
            }
        }
        return null;
    }

    @Override
    public boolean owns(RedisChannelHandler<?, ?> connection) {
        return holds(publishers, connection) || receivesOn(connection);
    }

    private static boolean holds(Map<String, ? extends QueuedConnection<?>> byNode, RedisChannelHandler<?, ?> connection) {
        return byNode.values().stream().anyMatch(c -> c.is(connection));
    }

    @Override
    public void close() {
        // The clients' shutdown closes every connection.
    }
}
