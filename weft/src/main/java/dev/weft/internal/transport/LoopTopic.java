package dev.weft.internal.transport;

/**
 * One topic's subscribers that live on one event loop; touched only on that loop's thread, so
 * subscribing, unsubscribing and delivering take no lock.
 */
final class LoopTopic {
    final Topic topic;
    final IdentitySet<TopicMember> subscribers = new IdentitySet<>();

    LoopTopic(Topic topic) {
        this.topic = topic;
    }
}
