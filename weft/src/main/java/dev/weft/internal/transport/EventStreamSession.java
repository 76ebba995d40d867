package dev.weft.internal.transport;

import dev.weft.ReadyState;
import dev.weft.WebSocketConfig;
import dev.weft.protocol.http.RequestHead;
import dev.weft.sse.EventStream;
import dev.weft.sse.EventStreamListener;
import dev.weft.sse.ServerSentEvent;
import dev.weft.topic.SlowSubscriberPolicy;
import org.jspecify.annotations.Nullable;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One open {@code text/event-stream} response on a link, once its head is written: events sent
 * through the same {@link Outgoing} accounting a WebSocket's sends use (futures, watermarks,
 * the hard cap, the outbound budget), a comment when nothing was written for the keepalive
 * interval, topic deliveries as {@code message} events, and whatever the client sends
 * discarded (an {@code EventSource} sends nothing after its request; a client that does is
 * read and ignored rather than left to fill buffers). The stream ends when either side closes.
 */
public final class EventStreamSession extends TopicMember implements EventStream, Link.Stage {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final ByteBuffer KEEPALIVE = ByteBuffer.wrap(ServerSentEvent.comment("")).asReadOnlyBuffer();

    private final EventStreamListener listener;
    private final RequestHead request;
    private final Map<String, String> pathParameters;
    private final @Nullable Object attachment;
    private final @Nullable String lastEventId;
    private final long keepAliveNanos;
    private final InetSocketAddress remote;
    private final Consumer<EventStreamSession> onGone;
    private final MemoryLedger ledger;
    private final TopicRegistry topics;
    private volatile ReadyState readyState = ReadyState.CONNECTING;
    /** Whether {@link #close()} asked for the end (loop thread): sends are refused from then on. */
    private boolean closing;
    /** When bytes last went out (loop thread), for the keepalive. */
    private long lastWrite;
    private Timer keepAlive;

    EventStreamSession(Link link, EventStreamOpening opening, WebSocketConfig config, MemoryLedger ledger,
                       TopicRegistry topics, Consumer<EventStreamSession> onGone) {
        super(link, config);
        this.ledger = ledger;
        this.topics = topics;
        this.listener = opening.listener();
        this.request = opening.request();
        this.pathParameters = Map.copyOf(opening.pathParameters());
        this.attachment = opening.attachment();
        this.lastEventId = opening.request().fields().first("Last-Event-ID");
        this.keepAliveNanos = opening.keepAlive().toNanos();
        this.remote = link.remoteAddress();
        this.onGone = onGone;
    }

    /** Takes the link over (its head already queued) and tells the listener. Loop thread. */
    void open() {
        link.stage(this);
        readyState = ReadyState.OPEN;
        lastWrite = link.loop().nanoTime();
        if (keepAliveNanos > 0) {
            keepAlive = link.loop().schedule(keepAliveNanos, this::keepAliveDue);
        }
        call(() -> listener.onOpen(this));
    }

    private void keepAliveDue() {
        if (readyState != ReadyState.OPEN || closing) {
            return;
        }
        long now = link.loop().nanoTime();
        long quiet = now - lastWrite;
        if (quiet >= keepAliveNanos) {
            // Not charged: three bytes, written only when nothing else was for a whole interval.
            link.write(KEEPALIVE.duplicate(), false);
            lastWrite = now;
            quiet = 0;
        }
        keepAlive = link.loop().schedule(keepAliveNanos - quiet, this::keepAliveDue);
    }

    /** Runs a listener callback; one that throws closes the stream (logged), as a WebSocket's fails with 1011. */
    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "an event stream listener threw; the stream is closed", e);
            close();
        }
    }

    // ------------------------------------------------------------------ Link.Stage

    @Override
    public void onBytes(ByteBuffer in) {
        in.position(in.limit());
    }

    @Override
    public void onEof() {
        link.close(null);
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
        ReadyState was = readyState;
        readyState = ReadyState.CLOSED;
        if (keepAlive != null) {
            keepAlive.cancel();
        }
        if (topics != null) {
            leaveAllTopics();
        }
        onGone.accept(this);
        if (was == ReadyState.OPEN) {
            call(() -> listener.onClose(this));
        }
    }

    @Override
    public void onWritten(long own, long shared, long held) {
        if (written(own, shared, held) && canSend() && !link.isClosed()) {
            call(() -> listener.onWritable(this));
        }
    }

    // ------------------------------------------------------------------ Outgoing

    @Override
    public boolean canSend() {
        return readyState == ReadyState.OPEN && !closing;
    }

    // ------------------------------------------------------------------ EventStream

    @Override
    public CompletableFuture<Void> send(ServerSentEvent event) {
        return write(event.encode());
    }

    @Override
    public CompletableFuture<Void> comment(String text) {
        return write(ServerSentEvent.comment(text));
    }

    private CompletableFuture<Void> write(byte[] bytes) {
        return submit(bytes.length, () -> {
            link.write(ByteBuffer.wrap(bytes), false);
            lastWrite = link.loop().nanoTime();
        });
    }

    @Override
    public @Nullable String lastEventId() {
        return lastEventId;
    }

    @Override
    public RequestHead request() {
        return request;
    }

    @Override
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T attachment() {
        return (T) attachment;
    }

    @Override
    public ReadyState readyState() {
        return readyState;
    }

    @Override
    public long bufferedAmount() {
        return buffered();
    }

    @Override
    public boolean isWritable() {
        return writable();
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void close() {
        onLoop(() -> {
            if (!closing && !link.isClosed()) {
                closing = true;
                link.closeWhenFlushed();
            }
        });
    }

    @Override
    public void subscribe(String topic) {
        subscribeTo(topic);
    }

    @Override
    public void unsubscribe(String topic) {
        unsubscribeFrom(topic);
    }

    @Override
    public Set<String> topics() {
        return topicNames();
    }

    // ------------------------------------------------------------------ topics

    @Override
    EventLoop memberLoop() {
        return link.loop();
    }

    @Override
    boolean closedForTopics() {
        return readyState == ReadyState.CLOSED;
    }

    @Override
    Delivery deliverPublished(PublishedMessage message, SlowSubscriberPolicy policy) {
        if (link.isClosed() || !canSend()) {
            return Delivery.GONE;
        }
        Delivery verdict = slowVerdict(buffered(), config.highWatermark(), policy);
        if (verdict != null) {
            return verdict;
        }
        PublishedMessage.Frame event = message.eventFrame();
        if (event == null) {
            return Delivery.SKIPPED; // binary, or no budget for the event's bytes
        }
        ByteBuffer bytes = event.bytes().duplicate();
        if (!queueSharedNow(bytes.remaining(), event.shared(), bytes, null)) {
            return Delivery.SKIPPED;
        }
        lastWrite = link.loop().nanoTime();
        return Delivery.QUEUED;
    }

    @Override
    void closeForSlowness(SlowSubscriberPolicy policy, long queued) {
        LOG.log(System.Logger.Level.DEBUG, "closing event stream to " + remote + ": too slow for its topics ("
                + queued + " bytes queued)");
        close();
    }

    /** The server is stopping: ends the response once what was sent is written. */
    void shutdown() {
        close();
    }

    @Override
    public String toString() {
        return "EventStream[" + remote + ", " + readyState + "]";
    }

    @Override
    MemoryLedger ledger() {
        return ledger;
    }

    @Override
    TopicRegistry topicRegistry() {
        return topics;
    }
}
