package dev.weft.cluster.redis;

import dev.weft.MessageType;
import dev.weft.topic.ClusterBus;
import dev.weft.topic.ClusterUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * weft's topics across servers through Redis pub/sub. Each topic is a Redis channel (the topic's
 * name after a prefix, {@code weft:topic:} unless set); a node subscribes to a channel only
 * while it has local subscribers of the topic (weft counts them and tells the bus of the first
 * and the last), publishes each message once, and drops its own messages when Redis sends them
 * back, since weft has already delivered them locally.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *         .cluster(RedisClusterBus.builder("redis://127.0.0.1:6379").build())
 *         .endpoint("/chat", chat)
 *         .build().start();
 * }</pre>
 *
 * <p><b>What it promises.</b> At most once: Redis pub/sub keeps nothing, so a node that is
 * disconnected when a message is published never gets it, and a message Redis took just before
 * it went down may be lost without its publish failing. Order is kept per publishing node and
 * topic (one connection publishes, one receives). Nothing is buffered while Redis is away:
 * publishes fail at once with {@link ClusterUnavailableException} (local subscribers still get
 * them), a Redis that takes a command but does not answer fails it after the command timeout,
 * and the bus reconnects by itself, restoring every channel this node has subscribers for.
 *
 * <p>Two connections per node (Lettuce's, on Netty): one publishes, one receives.
 */
public final class RedisClusterBus implements ClusterBus {
    private static final System.Logger LOG = System.getLogger("dev.weft.cluster");
    /** How long to wait between attempts while Redis cannot be reached at start. */
    static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
    /** How often the slot map is read again while a sharded link's connection is down. */
    static final Duration REMAP_INTERVAL = Duration.ofMillis(500);

    private final RedisURI uri;
    private final String prefix;
    private final ClientResources resources;
    /** The client for single servers: the Redis itself, or (sharded) each master's receiving connection. */
    private final RedisClient client;
    /** The Redis Cluster client when sharded, else null. */
    private final RedisClusterClient clusterClient;
    private final PubSubLink link;
    private final byte[] nodeId = new byte[Envelope.NODE_ID_LENGTH];
    /** The topics this node has subscribers for: what the receiving connection must listen to. */
    private final Set<String> interest = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries;
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private volatile @Nullable Receiver receiver;
    /** Whether the link is open (its first connection made). */
    private volatile boolean opened;
    private volatile boolean stopped;
    /** Whether the loss of Redis has been logged and not yet its return. */
    private volatile boolean lossLogged;
    /** Whether a retry of {@link #restoreInterest()} is scheduled. */
    private final AtomicBoolean restoreRetryPending = new AtomicBoolean();
    /** Whether the slot map is being read again until every connection is back (sharded only). */
    private final AtomicBoolean followingSlots = new AtomicBoolean();

    private RedisClusterBus(Builder b) {
        this.uri = b.uri;
        this.prefix = b.prefix;
        new SecureRandom().nextBytes(nodeId);
        // Reconnect attempts spread at random up to the maximum, so nodes that lost Redis together
        // do not all come back at the same instant.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), b.maxReconnectDelay, 50, TimeUnit.MILLISECONDS))
                .build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away, commands fail at once instead of queueing without bound.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(b.commandTimeout).keepAlive(true).build())
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(options);
        client.addListener(new ConnectionWatch());
        if (b.sharded) {
            this.clusterClient = RedisClusterClient.create(resources, uri);
            clusterClient.setOptions(ClusterClientOptions.builder(options).build());
            clusterClient.addListener(new ConnectionWatch());
            this.link = new ShardedPubSub(clusterClient, client);
        } else {
            this.clusterClient = null;
            this.link = new PlainPubSub(client, uri);
        }
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-redis-bus");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A bus for the Redis at {@code uri}, with the defaults.
     *
     * @param uri a Redis URI, e.g. {@code redis://127.0.0.1:6379} or {@code rediss://user:pw@host:6380/0}
     * @return a builder
     */
    public static Builder builder(String uri) {
        return new Builder(RedisURI.create(uri));
    }

    @Override
    public void start(Receiver r) {
        this.receiver = r;
        retries.execute(this::connect);
    }

    /** Opens both connections; while Redis cannot be reached, tries again every second. */
    private void connect() {
        if (stopped) {
            return;
        }
        try {
            link.open(new Incoming());
            opened = true;
            LOG.log(System.Logger.Level.INFO, "cluster bus connected to Redis at " + where());
            lossLogged = false;
            restoreInterest();
        } catch (RuntimeException e) {
            if (!lossLogged) {
                lossLogged = true;
                LOG.log(System.Logger.Level.WARNING, "cluster bus cannot reach Redis at " + where() + " (" + e.getMessage()
                        + "); trying again every " + CONNECT_RETRY.toMillis() + " ms, and publishing to this server only");
            }
            later(this::connect, CONNECT_RETRY.toMillis());
        }
    }

    /** Subscribes to every topic this node has subscribers for (again, after a reconnect: Redis forgot them). */
    private void restoreInterest() {
        if (!opened || stopped || interest.isEmpty()) {
            return;
        }
        List<String> topics = List.copyOf(interest);
        CompletableFuture<?>[] all = new CompletableFuture<?>[topics.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = link.subscribe(channel(topics.get(i))).toCompletableFuture();
        }
        CompletableFuture.allOf(all).whenComplete((ok, failure) -> {
            // One retry waiting at a time, however many rounds failed meanwhile.
            if (failure != null && !stopped && restoreRetryPending.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.DEBUG, "restoring " + all.length + " subscriptions failed ("
                        + failure.getMessage() + "); trying again");
                later(() -> {
                    restoreRetryPending.set(false);
                    restoreInterest();
                }, CONNECT_RETRY.toMillis());
            }
        });
    }

    @Override
    public CompletionStage<Void> publish(String topic, MessageType type, ByteBuffer payload) {
        if (!opened || !link.canPublish()) {
            publishFailures.increment();
            return CompletableFuture.failedFuture(new ClusterUnavailableException(
                    "not connected to Redis at " + where(), null));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            link.publish(channel(topic), Envelope.encode(nodeId, type, payload)).whenComplete((receivers, failure) -> {
                if (failure == null) {
                    published.increment();
                    done.complete(null);
                } else {
                    publishFailures.increment();
                    done.completeExceptionally(new ClusterUnavailableException(
                            "Redis at " + where() + " did not take the message: " + failure.getMessage(), failure));
                }
            });
        } catch (RuntimeException e) {
            publishFailures.increment();
            done.completeExceptionally(new ClusterUnavailableException("Redis at " + where() + " refused the message", e));
        }
        return done;
    }

    @Override
    public void interestAdded(String topic) {
        interest.add(topic);
        if (opened && !stopped) {
            // A failure here is made good when the connection comes back: restoreInterest
            // subscribes to everything in interest.
            link.subscribe(channel(topic));
        }
    }

    @Override
    public void interestRemoved(String topic) {
        interest.remove(topic);
        if (opened && !stopped) {
            link.unsubscribe(channel(topic));
        }
        // If Redis was away, Lettuce may subscribe to it again on reconnect; messages for a
        // topic with no subscribers here are dropped by weft, and the next interestRemoved
        // (after a new first subscriber) unsubscribes for good.
    }

    @Override
    public void stop() {
        stopped = true;
        receiver = null;
        retries.shutdownNow();
        link.close();
        if (clusterClient != null) {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * What this node's bus has done.
     *
     * @return the counts so far
     */
    public Stats stats() {
        return new Stats(published.sum(), received.sum(), publishFailures.sum(), interest.size());
    }

    /**
     * What a node's bus has done.
     *
     * @param published       messages Redis took from this node
     * @param received        messages from other nodes handed to this node's subscribers
     * @param publishFailures publishes that failed (Redis away, refusing or silent)
     * @param channels        topics this node listens to
     */
    public record Stats(long published, long received, long publishFailures, int channels) {
    }

    private byte[] channel(String topic) {
        return (prefix + topic).getBytes(StandardCharsets.UTF_8);
    }

    private String where() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The topic a channel carries, or null for a channel that is not weft's. */
    private @Nullable String topicOf(byte[] channel) {
        String name = new String(channel, StandardCharsets.UTF_8);
        return name.startsWith(prefix) ? name.substring(prefix.length()) : null;
    }

    /** What Redis sends this node: messages, and the end of a subscription. */
    private final class Incoming implements PubSubLink.Sink {
        /** Another node's message goes to the local subscribers; this node's own is dropped. */
        @Override
        public void message(byte[] channel, byte[] message) {
            Receiver r = receiver;
            if (r == null || !Envelope.readable(message) || Envelope.from(message, nodeId)) {
                return;
            }
            String topic = topicOf(channel);
            if (topic != null) {
                received.increment();
                r.deliver(topic, Envelope.type(message), Envelope.payload(message));
            }
        }

        /**
         * A subscription ended while this node still has subscribers for its topic: Redis ended
         * it (sharded pub/sub, when the channel's slot moves to another master), or this node's
         * unsubscribe crossed a new first subscriber. Either way, subscribe again.
         */
        @Override
        public void unsubscribed(byte[] channel) {
            String topic = topicOf(channel);
            if (topic != null && !stopped && interest.contains(topic)) {
                later(() -> resubscribe(topic, 0), 0);
            }
        }
    }

    /**
     * A connection to a cluster node dropped: reads the slot map again, about twice a second,
     * until every connection the link keeps is open, subscribing again each time (a master that
     * died is replaced by its replica after the cluster's node timeout; one that restarts comes
     * back by itself). One such round at a time.
     */
    private void followSlots() {
        if (followingSlots.compareAndSet(false, true)) {
            later(this::remap, REMAP_INTERVAL.toMillis());
        }
    }

    /** Runs {@code task} on the bus's thread after {@code millis}; nothing once the bus has stopped. */
    private void later(Runnable task, long millis) {
        try {
            retries.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The bus stopped meanwhile.
        }
    }

    private void remap() {
        if (stopped) {
            return;
        }
        link.remap().whenComplete((ok, failure) -> {
            if (failure == null) {
                restoreInterest();
                if (link.settled()) {
                    followingSlots.set(false);
                    LOG.log(System.Logger.Level.INFO, "cluster bus reaches every master that owns slots again");
                    return;
                }
            }
            later(this::remap, REMAP_INTERVAL.toMillis());
        });
    }

    /** Subscribes to a topic's channel again, where it lives now; tries again, backing off, until it works or nobody here wants it. */
    private void resubscribe(String topic, int attempt) {
        if (stopped || !interest.contains(topic)) {
            return;
        }
        link.subscribe(channel(topic)).whenComplete((ok, failure) -> {
            if (failure == null) {
                LOG.log(System.Logger.Level.DEBUG, "cluster bus subscribed again to topic " + topic
                        + " after its subscription ended (its slot moved, or an unsubscribe crossed a subscriber)");
            } else if (!stopped) {
                long delay = Math.min(CONNECT_RETRY.toMillis(), 50L << Math.min(attempt, 5));
                LOG.log(System.Logger.Level.DEBUG, "cluster bus could not subscribe again to topic " + topic + " ("
                        + failure.getMessage() + "); trying again in " + delay + " ms");
                later(() -> resubscribe(topic, attempt + 1), delay);
            }
        });
    }

    /** Logs Redis going and coming back, and restores interest when the receiving connection reconnects. */
    private final class ConnectionWatch implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (link.receivesOn(connection)) {
                if (lossLogged) {
                    lossLogged = false;
                    LOG.log(System.Logger.Level.INFO, "cluster bus reconnected to Redis at " + where());
                }
                later(RedisClusterBus.this::restoreInterest, 0);
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (stopped || !link.owns(connection)) {
                return;
            }
            if (!lossLogged) {
                lossLogged = true;
                String node = link.nodeOf(connection); // a cluster's: the node that went, not the seed
                LOG.log(System.Logger.Level.WARNING, "cluster bus lost Redis at " + (node != null ? node : where())
                        + "; reconnecting, and publishing to this server only meanwhile");
            }
            if (link.followsSlots()) {
                followSlots();
            }
        }
    }

    /** A {@link RedisClusterBus}'s settings. */
    public static final class Builder {
        private final RedisURI uri;
        private String prefix = "weft:topic:";
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration maxReconnectDelay = Duration.ofSeconds(2);
        private boolean sharded;

        private Builder(RedisURI uri) {
            this.uri = uri;
        }

        /**
         * What goes before a topic's name to make its Redis channel, so weft's channels keep
         * out of other applications' way on a shared Redis.
         *
         * @param prefix the prefix; {@code weft:topic:} unless set
         * @return this builder
         */
        public Builder channelPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * How long Redis has to answer a command (and to accept a connection) before the publish
         * fails with {@link ClusterUnavailableException}.
         *
         * @param timeout the timeout; two seconds unless set
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, got " + timeout);
            }
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * The longest wait between attempts to reconnect after losing Redis (attempts start at
         * 50 ms and back off, each at a random point below the current bound).
         *
         * @param delay the bound; two seconds unless set
         * @return this builder
         */
        public Builder maxReconnectDelay(Duration delay) {
            if (delay.toMillis() < 50) {
                throw new IllegalArgumentException("maxReconnectDelay must be at least 50 ms, got " + delay);
            }
            this.maxReconnectDelay = delay;
            return this;
        }

        /**
         * Uses Redis 7's sharded pub/sub ({@code SPUBLISH}/{@code SSUBSCRIBE}) on a Redis Cluster
         * (the URI names any of its nodes): each topic's channel lives on the master owning its
         * hash slot, so pub/sub spreads over the masters instead of every message reaching every
         * one. A slot that moves to another master (a resharding) is followed: its channels are
         * subscribed again there and its publishes sent there; so is a failover (a replica
         * promoted when its master dies). Messages published meanwhile may be lost.
         *
         * @param on true for a Redis Cluster with sharded pub/sub; false (the default) for one Redis
         * @return this builder
         */
        public Builder sharded(boolean on) {
            this.sharded = on;
            return this;
        }

        /**
         * The bus; give it to {@link dev.weft.server.WebSocketServer.Builder#cluster}.
         *
         * @return the bus, not yet connected (the server starts it)
         */
        public RedisClusterBus build() {
            return new RedisClusterBus(this);
        }
    }
}
