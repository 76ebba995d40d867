/**
 * A {@link dev.weft.topic.ClusterBus} on Redis pub/sub through Lettuce: give
 * {@link dev.weft.cluster.redis.RedisClusterBus} to
 * {@link dev.weft.server.WebSocketServer.Builder#cluster} on every node.
 */
@NullMarked
package dev.weft.cluster.redis;

import org.jspecify.annotations.NullMarked;
