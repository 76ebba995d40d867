/**
 * Topics: connections subscribe with {@link dev.weft.WebSocket#subscribe}, the server publishes
 * with {@link dev.weft.server.WebSocketServer#publish}, one encoding shared by every subscriber.
 * What happens to a subscriber that cannot keep up is a {@link dev.weft.topic.SlowSubscriberPolicy};
 * {@link dev.weft.topic.TopicStats} counts what each topic did. A {@link dev.weft.topic.ClusterBus}
 * carries the same topics across servers ({@code weft-cluster-redis} implements it on Redis).
 */
@NullMarked
package dev.weft.topic;

import org.jspecify.annotations.NullMarked;
