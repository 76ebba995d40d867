package dev.weft.micrometer;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.ForwardingListener;
import dev.weft.WebSocketListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what reaches a listener, then passes every call on to it unchanged (a
 * {@link ForwardingListener}):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code weft.opens}</td><td></td><td>connections opened</td></tr>
 *   <tr><td>{@code weft.messages.received}</td><td>{@code type=text|binary}</td><td>whole messages (with
 *       {@code assembleFragments(false)}, one per last fragment)</td></tr>
 *   <tr><td>{@code weft.closes}</td><td>{@code code}, {@code clean=true|false}</td><td>connections closed, by close code:
 *       1006 unclean for a peer that vanished, 1002, 1007, 1009 for hostile or broken input, 1013 for
 *       memory, ...</td></tr>
 *   <tr><td>{@code weft.errors}</td><td>{@code exception} (its simple class name)</td><td>errors reported to the listener</td></tr>
 * </table>
 *
 * <pre>{@code
 * .endpoint("/chat", MeteredListener.wrap(new ChatListener(), registry, Tags.of("endpoint", "/chat")))
 * }</pre>
 *
 * Counting costs a counter's increment per message (no allocation); the counters of a close code
 * are made at its first close.
 */
public final class MeteredListener extends ForwardingListener {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter opens;
    private final Counter texts;
    private final Counter binaries;
    /** By close code and cleanness ({@code code * 2 + (clean ? 1 : 0)}). */
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();

    private MeteredListener(WebSocketListener listener, MeterRegistry registry, Tags tags) {
        super(listener);
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
        this.tags = tags;
        this.opens = Counter.builder("weft.opens").description("WebSocket connections opened").tags(tags).register(registry);
        this.texts = received("text");
        this.binaries = received("binary");
    }

    /**
     * Wraps {@code listener}, counting into {@code registry}.
     *
     * @param listener the listener every call goes on to
     * @param registry where the counters live
     * @param tags     tags every counter carries (an endpoint's name, say)
     * @return the counting listener
     */
    public static MeteredListener wrap(WebSocketListener listener, MeterRegistry registry, Iterable<Tag> tags) {
        return new MeteredListener(listener, registry, Tags.of(tags));
    }

    /**
     * Wraps {@code listener}, counting into {@code registry}, without tags of its own.
     *
     * @param listener the listener every call goes on to
     * @param registry where the counters live
     * @return the counting listener
     */
    public static MeteredListener wrap(WebSocketListener listener, MeterRegistry registry) {
        return wrap(listener, registry, Tags.empty());
    }

    private Counter received(String type) {
        return Counter.builder("weft.messages.received").description("Whole messages received").tags(tags)
                .tag("type", type).register(registry);
    }

    @Override
    public void onOpen(WebSocket socket) {
        opens.increment();
        super.onOpen(socket);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        texts.increment();
        super.onText(socket, text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        binaries.increment();
        super.onBinary(socket, data);
    }

    @Override
    public void onFragment(WebSocket socket, MessageType type, ByteBuffer data, boolean last) {
        if (last) {
            (type == MessageType.TEXT ? texts : binaries).increment();
        }
        super.onFragment(socket, type, data, last);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean clean) {
        closes.computeIfAbsent(code * 2 + (clean ? 1 : 0), k -> Counter.builder("weft.closes")
                .description("WebSocket connections closed, by close code").tags(tags)
                .tag("code", String.valueOf(code)).tag("clean", String.valueOf(clean)).register(registry)).increment();
        super.onClose(socket, code, reason, clean);
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        errors.computeIfAbsent(error.getClass(), c -> Counter.builder("weft.errors")
                .description("Errors reported to the listener").tags(tags).tag("exception", c.getSimpleName())
                .register(registry)).increment();
        super.onError(socket, error);
    }
}
