package dev.weft.topic;

/**
 * What one topic did on this server. A topic's figures live while it has subscribers here: one
 * that loses its last subscriber is forgotten, and starts from zero if subscribed again (so
 * servers with millions of short-lived topics hold nothing for the dead ones).
 *
 * @param topic       the topic's name
 * @param subscribers connections on this server subscribed to it now
 * @param published   messages published to it that reached this server (from here or, with a
 *                    {@link ClusterBus}, from other nodes)
 * @param deliveries  messages queued for its subscribers, one per subscriber per message
 * @param skipped     deliveries left out by the {@link SlowSubscriberPolicy} or a full queue
 * @param closed      subscribers closed for being too slow
 */
public record TopicStats(String topic, int subscribers, long published, long deliveries, long skipped, long closed) {
}
