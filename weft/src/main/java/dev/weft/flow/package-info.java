/**
 * {@link java.util.concurrent.Flow} for WebSocket connections: a connection's incoming messages
 * as a {@link dev.weft.flow.MessagePublisher} whose demand drives reading (no demand, no
 * reading: TCP slows the peer), and a {@link dev.weft.flow.MessageSubscriber} that sends what
 * it is given, asking for more only while the connection keeps up. Both follow the Reactive
 * Streams rules, checked with its TCK over real connections.
 */
@NullMarked
package dev.weft.flow;

import org.jspecify.annotations.NullMarked;
