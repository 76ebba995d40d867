package dev.weft.cluster.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Pub/sub on one Redis server: one connection publishes, one receives (Redis lets a connection
 * that subscribes do nothing else), so order is kept per node and topic both ways.
 */
final class PlainPubSub implements PubSubLink {
    private final RedisClient client;
    private final RedisURI uri;
    private volatile StatefulRedisConnection<byte[], byte[]> publisher;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

    PlainPubSub(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    @Override
    public void open(Sink sink) {
        if (publisher == null) {
            publisher = client.connect(ByteArrayCodec.INSTANCE, uri);
        }
        if (subscriber == null) {
            StatefulRedisPubSubConnection<byte[], byte[]> s = client.connectPubSub(ByteArrayCodec.INSTANCE, uri);
            s.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    sink.message(channel, message);
                }

                @Override
                public void unsubscribed(byte[] channel, long count) {
                    sink.unsubscribed(channel);
                }
            });
            subscriber = s;
        }
    }

    @Override
    public boolean canPublish() {
        StatefulRedisConnection<byte[], byte[]> p = publisher;
        return p != null && p.isOpen();
    }

    @Override
    public CompletionStage<?> publish(byte[] channel, byte[] message) {
        return publisher.async().publish(channel, message);
    }

    @Override
    public CompletionStage<?> subscribe(byte[] channel) {
        StatefulRedisPubSubConnection<byte[], byte[]> s = subscriber;
        if (s == null || !s.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        return s.async().subscribe(channel);
    }

    @Override
    public void unsubscribe(byte[] channel) {
        StatefulRedisPubSubConnection<byte[], byte[]> s = subscriber;
        if (s != null && s.isOpen()) {
            s.async().unsubscribe(channel);
        }
    }

    @Override
    public boolean receivesOn(RedisChannelHandler<?, ?> connection) {
        return connection == subscriber;
    }

    @Override
    public boolean owns(RedisChannelHandler<?, ?> connection) {
        return connection == subscriber || connection == publisher;
    }

    @Override
    public void close() {
        // The client's shutdown closes both connections.
    }
}
