package dev.weft.micrometer;

import dev.weft.MemoryStats;
import dev.weft.server.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A server's figures as Micrometer meters, read from the server each time the registry asks
 * (nothing is counted on weft's paths for them):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>kind</th><th>what</th></tr>
 *   <tr><td>{@code weft.connections}</td><td>gauge</td><td>open WebSocket connections</td></tr>
 *   <tr><td>{@code weft.event.streams}</td><td>gauge</td><td>open server-sent event streams</td></tr>
 *   <tr><td>{@code weft.handshakes.pending}</td><td>gauge</td><td>connections still in their opening handshake</td></tr>
 *   <tr><td>{@code weft.topics}, {@code weft.subscriptions}</td><td>gauges</td><td>topics with subscribers here, and their subscriptions</td></tr>
 *   <tr><td>{@code weft.memory.held} ({@code direction=inbound|outbound})</td><td>gauge, bytes</td>
 *       <td>what the connections hold against the {@linkplain dev.weft.MemoryBudgets memory budgets}</td></tr>
 *   <tr><td>{@code weft.memory.budget} ({@code direction})</td><td>gauge, bytes</td><td>the budgets</td></tr>
 *   <tr><td>{@code weft.memory.waiting}</td><td>gauge</td><td>connections not read until inbound memory comes back</td></tr>
 *   <tr><td>{@code weft.memory.timeouts}</td><td>counter</td><td>connections closed with 1013 after waiting too long for inbound memory</td></tr>
 *   <tr><td>{@code weft.sends.refused}</td><td>counter</td><td>sends refused because the outbound budget was spent</td></tr>
 *   <tr><td>{@code weft.broadcast.skipped}</td><td>counter</td><td>broadcast deliveries skipped (a full queue, or no budget)</td></tr>
 *   <tr><td>{@code weft.messages.discarded}</td><td>counter</td><td>messages over the limits dropped unread ({@code oversizedMessages(DISCARD)})</td></tr>
 * </table>
 *
 * <p>Messages and closes by code are counted by {@link MeteredListener}, around an endpoint's listener.
 *
 * <pre>{@code
 * new WeftMetrics(server, Tags.of("server", "chat")).bindTo(registry);
 * }</pre>
 *
 * In Spring Boot, weft's starter makes this binder a bean when this module and a
 * {@code MeterRegistry} are there.
 */
public final class WeftMetrics implements MeterBinder {
    private final WebSocketServer server;
    private final Tags tags;

    /**
     * Meters for {@code server}, without tags of their own.
     *
     * @param server the server to read
     */
    public WeftMetrics(WebSocketServer server) {
        this(server, Tags.empty());
    }

    /**
     * Meters for {@code server}, each with {@code tags} (to tell several servers apart).
     *
     * @param server the server to read
     * @param tags   tags every meter carries
     */
    public WeftMetrics(WebSocketServer server, Iterable<Tag> tags) {
        this.server = Objects.requireNonNull(server, "server");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "weft.connections", "Open WebSocket connections", s -> s.connections().size());
        gauge(registry, "weft.event.streams", "Open server-sent event streams", s -> s.eventStreams().size());
        gauge(registry, "weft.handshakes.pending", "Connections still in their opening handshake",
                WebSocketServer::pendingHandshakes);
        gauge(registry, "weft.topics", "Topics with subscribers on this server", s -> s.topicStats().size());
        gauge(registry, "weft.subscriptions", "Subscriptions to topics on this server",
                s -> s.topicStats().stream().mapToLong(t -> t.subscribers()).sum());
        for (String direction : new String[] {"inbound", "outbound"}) {
            boolean in = direction.equals("inbound");
            Gauge.builder("weft.memory.held", server, s -> memory(s, in ? MemoryStats::inboundBytes : MemoryStats::outboundBytes))
                    .description("Bytes the connections hold against the " + direction + " memory budget")
                    .baseUnit(BaseUnits.BYTES).tags(tags).tag("direction", direction).strongReference(true).register(registry);
            Gauge.builder("weft.memory.budget", server, s -> memory(s, in ? MemoryStats::inboundBudget : MemoryStats::outboundBudget))
                    .description("The " + direction + " memory budget of all connections")
                    .baseUnit(BaseUnits.BYTES).tags(tags).tag("direction", direction).strongReference(true).register(registry);
        }
        gauge(registry, "weft.memory.waiting", "Connections not read until inbound memory is given back",
                s -> s.memoryStats().waitingForMemory());
        counter(registry, "weft.memory.timeouts", "Connections closed with 1013 after waiting too long for inbound memory",
                MemoryStats::inboundTimeouts);
        counter(registry, "weft.sends.refused", "Sends refused because the outbound memory budget was spent",
                MemoryStats::outboundRefusals);
        counter(registry, "weft.broadcast.skipped", "Broadcast deliveries skipped: a full queue, or no budget",
                MemoryStats::broadcastSkips);
        counter(registry, "weft.messages.discarded", "Messages over the limits dropped unread (oversizedMessages(DISCARD))",
                MemoryStats::oversizedDiscards);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<WebSocketServer> value) {
        // Held strongly: a gauge reads the server for as long as the registry lives, not until the server is collected.
        Gauge.builder(name, server, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description,
                         ToLongFunction<MemoryStats> count) {
        FunctionCounter.builder(name, server, s -> memory(s, count)).description(description).tags(tags)
                .register(registry);
    }

    private static double memory(WebSocketServer s, ToLongFunction<MemoryStats> figure) {
        return figure.applyAsLong(s.memoryStats());
    }
}
