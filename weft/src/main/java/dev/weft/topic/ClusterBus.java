package dev.weft.topic;

import dev.weft.MessageType;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Carries topic messages between servers (nodes), so a message published on one reaches the
 * subscribers on every node. weft's side of the contract: it tells the bus which topics this
 * node has subscribers for, hands it every message published here, and delivers what the bus
 * receives to its local subscribers. The bus's side: it sends each published message to the
 * other nodes that are interested, and never back to the node that published it (which has
 * already delivered it locally).
 *
 * <p>Semantics every implementation should offer and state: at most once (no persistence, no
 * retry of a message the transport may have lost), order kept per publishing node and topic,
 * and no buffering without bound while the transport is down: a publish then fails its stage
 * with {@link ClusterUnavailableException} at once, and interest is restored when the transport
 * is back. {@code weft-cluster-redis} implements it on Redis pub/sub.
 *
 * <p>Given to {@link dev.weft.server.WebSocketServer.Builder#cluster}; the server calls
 * {@link #start} when it starts and {@link #stop} when it stops.
 */
public interface ClusterBus {
    /**
     * Where the bus delivers messages from other nodes: the server's local subscribers.
     */
    @FunctionalInterface
    interface Receiver {
        /**
         * Delivers a message another node published to this node's subscribers of {@code topic}.
         * Safe from any thread; returns without waiting for the subscribers.
         *
         * @param topic   the topic
         * @param type    text (the payload is UTF-8) or binary
         * @param payload the message; read during the call, not kept
         */
        void deliver(String topic, MessageType type, ByteBuffer payload);
    }

    /**
     * The server starts: from now on, hand messages for topics of interest to {@code receiver}.
     *
     * @param receiver the server's local delivery
     */
    void start(Receiver receiver);

    /**
     * Sends a message published on this node to the other nodes. Must not block.
     *
     * @param topic   the topic
     * @param type    text (the payload is UTF-8) or binary
     * @param payload the message; the bus may keep it until the stage completes, and must not change it
     * @return completes when the transport has taken the message (for Redis: the broker
     *     acknowledged it), or fails with {@link ClusterUnavailableException}
     */
    CompletionStage<Void> publish(String topic, MessageType type, ByteBuffer payload);

    /**
     * This node has its first subscriber of {@code topic}: start receiving it. Called in order
     * with {@link #interestRemoved} for the same topic, possibly on several threads for
     * different topics; must not block.
     *
     * @param topic the topic
     */
    void interestAdded(String topic);

    /**
     * This node's last subscriber of {@code topic} is gone: stop receiving it. Must not block.
     *
     * @param topic the topic
     */
    void interestRemoved(String topic);

    /** The server stops: let go of the transport. */
    void stop();
}
