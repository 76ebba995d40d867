/**
 * weft's topics across servers through Redis pub/sub: {@link dev.weft.cluster.redis.RedisClusterBus}.
 */
module dev.weft.cluster.redis {
    requires transitive dev.weft;
    requires lettuce.core;
    requires static org.jspecify;

    exports dev.weft.cluster.redis;
}
