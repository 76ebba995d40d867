package dev.weft.internal.transport;

import dev.weft.MessageType;
import dev.weft.ReadyState;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.MemoryBudget;
import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolConnection;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.WireProtocol;
import dev.weft.protocol.internal.legacy.LegacyConnection;
import dev.weft.protocol.Role;
import dev.weft.protocol.close.CloseCode;
import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.extension.SharedEncoder;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.internal.text.Utf8Encoder;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open WebSocket connection: the {@link WebSocket} the application holds, the stage that
 * feeds socket bytes to the protocol core, and the {@link Outbound} through which the core's
 * frames reach the socket.
 *
 * <pre>
 * link bytes ─▶ onBytes ─▶ ProtocolConnection.receive ─▶ ProtocolEvents ─▶ ListenerDispatch ─▶ listener (loop or executor)
 * any thread: send* ─▶ Outgoing (charge bufferedAmount, cap, budget) ─▶ task on the loop ─▶ ProtocolConnection ─▶ write ─▶ the Link's queue
 * flush ─▶ onWritten ─▶ Outgoing (uncharge) ─▶ futures complete, onWritable below the low watermark
 * </pre>
 *
 * <p>Three jobs, three places: this class drives the core on the loop (bytes in, timers, memory
 * waits, closing), {@link Outgoing} (a base class, so as not to be an object of its own) is
 * the send side any thread may call, and
 * {@link ListenerDispatch} decides where the listener runs.
 */
public final class WebSocketSession extends TopicMember implements WebSocket, ProtocolEvents, Outbound, MemoryBudget, Link.Stage {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private final ListenerDispatch dispatch;
    private final WebSocketListener listener;
    private final WireProtocol protocol;
    private final String subprotocol;
    private final List<ExtensionOffer> extensions;
    /** The request target (path and query), kept when the request itself is not. */
    private final String requestTarget;
    private final Map<String, String> pathParameters;
    /** The ledger, topics and request policy of this connection's server or client, and who hears it is gone. */
    private final SessionHome home;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    private static final ReadyState[] READY_STATES = ReadyState.values();
    /**
     * The ready state's ordinal: a byte packed beside the other small fields rather than a
     * reference, the difference between 96 and 88 bytes per connection. Written on the loop,
     * read from any thread.
     */
    private volatile byte readyState = (byte) ReadyState.OPEN.ordinal();
    /** Keepalive and idle timeout, or {@code null} when neither is on. */
    private final Liveness liveness;
    private volatile Object attachment;
    /** The handshake until onOpen returns, timers, pings and memory waits; null while there are none. */
    private SessionExtras extras;

    /**
     * @param legacyVersion 75 or 76 for a server connection speaking a legacy draft, else 0
     * @param home          what the connections of this server or client share, including whether
     *                      {@link #handshakeRequest()} stays available after onOpen returns (a
     *                      server with many connections saves the request's size on each when not)
     */
    WebSocketSession(Link link, Role role, WebSocketConfig config, WebSocketListener listener,
                     String subprotocol, List<ExtensionOffer> extensions, List<Extension> codecs,
                     RequestHead handshakeRequest, Object attachment,
                     Map<String, String> pathParameters, int legacyVersion, SessionHome home) {
        super(link, config);
        this.home = home;
        this.listener = listener;
        this.dispatch = ListenerDispatch.of(config.executor());
        this.subprotocol = subprotocol;
        this.extensions = List.copyOf(extensions);
        extras().handshakeRequest = handshakeRequest;
        this.requestTarget = handshakeRequest.target();
        this.pathParameters = Map.copyOf(pathParameters);
        this.attachment = attachment;
        this.local = link.localAddress();
        this.remote = link.remoteAddress();
        this.protocol = legacyVersion != 0
                ? new LegacyConnection(legacyVersion, config.limits().maxMessageSize(), this, this)
                // Lent buffers go back to the pool when the callback returns: only where it runs on the loop.
                : ProtocolConnection.builder(link.loop().protocolSettings(config, role,
                        config.lendBinaryMessages() && dispatch.onLoopThread()))
                .extensions(codecs.isEmpty() ? ExtensionChain.empty() : new ExtensionChain(codecs))
                .inboundMemory(this)
                .events(this)
                .outbound(this)
                .build();
        // Legacy drafts have no pings, so only their idle timeout is watched.
        this.liveness = Liveness.watch(this, link.loop(), config, role, legacyVersion == 0);
    }

    /**
     * Takes over the connection and tells the listener it is open. Bytes that arrived with the
     * handshake are the caller's to pass on: still in the read buffer, or kept by the
     * {@link Link} until reading resumes.
     */
    void open() {
        link.stage(this);
        if (liveness != null) {
            liveness.start();
        }
        dispatch.call(this, this::notifyOpen);
    }

    /** A client's: the server's 101 response, readable in onOpen and kept after it if {@code keep}. */
    void handshakeResponse(dev.weft.protocol.http.ResponseHead response, boolean keep) {
        SessionExtras x = extras();
        x.handshakeResponse = response;
        x.keepResponse = keep;
    }

    private void notifyOpen() {
        try {
            listener.onOpen(this);
        } finally {
            SessionExtras x = extras;
            if (x != null) {
                if (!x.keepResponse) {
                    x.handshakeResponse = null;
                }
                if (!home.keepRequest()) {
                    // A browser's request is about a kilobyte; across many idle connections it would
                    // outweigh everything else each one keeps. What stays is the target, for path().
                    x.handshakeRequest = null;
                }
                // The loop alone lets the extras go: it may be putting a timer or a code in them now.
                onLoop(this::dropExtrasIfEmpty);
            }
        }
    }

    /** Whether anything needed only now and then is held (tests: an idle connection holds nothing). Loop thread. */
    boolean holdsExtras() {
        return extras != null;
    }

    /** The extras, made if there are none. */
    private SessionExtras extras() {
        SessionExtras x = extras;
        if (x == null) {
            x = extras = new SessionExtras();
        }
        return x;
    }

    /** Lets the extras go once nothing in them is needed (loop thread). */
    private void dropExtrasIfEmpty() {
        if (extras != null && extras.isEmpty()) {
            extras = null;
        }
    }

    /** Sends {@link Liveness}'s ping carrying {@code stamp}; false when the connection can no longer send. */
    boolean sendKeepAlivePing(long stamp, Duration timeout, java.util.function.Consumer<Duration> answered) {
        if (link.isClosed() || !protocol.state().canSend()) {
            return false;
        }
        ByteBuffer payload = ByteBuffer.allocate(8).putLong(0, stamp);
        protocol.ping(payload);
        pendingPings().keepAlive(payload, timeout, answered);
        return true;
    }

    private PendingPings pendingPings() {
        SessionExtras x = extras();
        if (x.pendingPings == null) {
            x.pendingPings = new PendingPings(link.loop());
        }
        return x.pendingPings;
    }

    /** Nothing at all arrived within {@code timeout} of a keepalive ping: drops the connection (1006). */
    void dropSilentPeer(Duration timeout) {
        if (!link.isClosed()) {
            LOG.log(System.Logger.Level.DEBUG, "no sign of life from " + remote + " within " + timeout.toMillis()
                    + " ms of a ping: dropping the connection");
            link.close(null);
        }
    }

    /** Nothing went either way for the idle timeout: closes with 1001 unless a close is under way. */
    void closeIdle() {
        if (!link.isClosed() && protocol.state().canSend()) {
            LOG.log(System.Logger.Level.DEBUG, "closing idle connection with " + remote);
            protocol.close(CloseCode.GOING_AWAY, "idle");
            afterProtocolStep();
        }
    }

    // ------------------------------------------------------------------ stage: bytes in

    @Override
    public void onBytes(ByteBuffer in) {
        if (liveness != null) {
            liveness.inbound();
        }
        try {
            protocol.receive(in);
        } catch (RuntimeException e) {
            listenerFailed(e);
            in.position(in.limit());
        }
        afterProtocolStep();
        if (protocol.isWaitingForMemory() && !link.isClosed()) {
            waitForMemory();
        }
    }

    @Override
    public ByteBuffer readTarget() {
        return protocol.inPlaceReadTarget();
    }

    @Override
    public void onBytesInPlace(ByteBuffer target, int n) {
        if (liveness != null) {
            liveness.inbound();
        }
        try {
            protocol.receivedInPlace(target, n);
        } catch (RuntimeException e) {
            listenerFailed(e);
        }
        afterProtocolStep();
    }

    // ------------------------------------------------------------------ memory: the core's budget

    @Override
    public boolean tryReserve(long bytes) {
        long releasesSeen = home.ledger().releases();
        if (home.ledger().reserveInbound(this, bytes)) {
            return true;
        }
        MemoryWait w = memoryWait();
        w.refusedAfter = releasesSeen;
        if (!w.inboundLogged) {
            w.inboundLogged = true;
            LOG.log(System.Logger.Level.DEBUG, "inbound memory budget spent: " + remote + " waits for "
                    + bytes + " bytes before it is read again");
        }
        return false;
    }

    @Override
    public void release(long bytes) {
        home.ledger().releaseInbound(this, bytes);
    }

    private MemoryWait memoryWait() {
        SessionExtras x = extras();
        if (x.memoryWait == null) {
            x.memoryWait = new MemoryWait();
        }
        return x.memoryWait;
    }

    /** The memory wait, if this connection was ever refused memory. */
    private MemoryWait memoryWaitIfAny() {
        SessionExtras x = extras;
        return x == null ? null : x.memoryWait;
    }

    /** The core stopped for memory: stop reading (TCP pushes back), start the deadline, and wait to be told. */
    private void waitForMemory() {
        MemoryWait w = memoryWait();
        if (w.waiting) {
            return;
        }
        w.waiting = true;
        link.pauseReading();
        w.deadline = link.loop().schedule(home.ledger().waitTimeout().toNanos(), this::memoryWaitExpired);
        home.ledger().await(this, w);
    }

    /** Memory was given back: try again on the loop. Any thread. */
    void memoryAvailable() {
        link.loop().execute(this::retryMemory);
    }

    private void retryMemory() {
        MemoryWait w = memoryWaitIfAny();
        if (w == null || !w.waiting || link.isClosed()) {
            return;
        }
        if (!protocol.retryAfterMemory()) {
            home.ledger().await(this, w);
            return;
        }
        w.waiting = false;
        w.deadline.cancel();
        w.deadline = null;
        afterProtocolStep();
        if (!protocol.isReadingPaused()) {
            link.resumeReading(); // offers what was left unread first; may stop for memory again
        }
    }

    /** Waited too long: 1013 (try again later), and what it held goes back. */
    private void memoryWaitExpired() {
        MemoryWait w = memoryWaitIfAny();
        if (w == null || !w.waiting || link.isClosed()) {
            return;
        }
        w.waiting = false;
        w.deadline = null;
        home.ledger().forget(this);
        home.ledger().inboundTimedOut();
        LOG.log(System.Logger.Level.DEBUG, "closing " + remote + " with 1013: no inbound memory within "
                + home.ledger().waitTimeout().toMillis() + " ms");
        extras().failedWithCode = CloseCode.TRY_AGAIN_LATER;
        protocol.fail(CloseCode.TRY_AGAIN_LATER);
        afterProtocolStep();
        link.resumeReading(); // input is discarded now; reading on sees the peer close
    }

    @Override
    public void onEof() {
        protocol.receiveEof();
        link.close(null);
    }

    @Override
    public void onClosed(Throwable cause) {
        SessionExtras x = extras;
        if (x != null) {
            endExtras(x);
        }
        if (liveness != null) {
            liveness.stop();
        }
        readyState = (byte) ReadyState.CLOSED.ordinal();
        leaveAllTopics();
        protocol.release(); // zlib contexts and other extension state go now, however the connection ended
        CloseStatus received = protocol.closeReceived();
        int code = received != null ? received.code()
                : x != null && x.failedWithCode != 0 ? x.failedWithCode : CloseCode.ABNORMAL;
        String reason = received != null ? received.reason() : "";
        boolean clean = protocol.isCleanClose();
        if (cause != null && !(cause instanceof java.nio.channels.ClosedChannelException)) {
            dispatch.call(this, () -> listener.onError(this, cause));
        }
        dispatch.call(this, () -> listener.onClose(this, code, reason, clean));
        if (home.onGone() != null) {
            home.onGone().accept(this);
        }
    }

    /** The connection is gone: its timers stop, its memory wait ends, pings waiting for a pong fail. */
    private void endExtras(SessionExtras x) {
        if (x.closeTimer != null) {
            x.closeTimer.cancel();
        }
        MemoryWait w = x.memoryWait;
        if (w != null) {
            if (w.deadline != null) {
                w.deadline.cancel();
            }
            w.waiting = false;
            home.ledger().forget(this);
        }
        if (x.pendingPings != null) {
            x.pendingPings.closed(new dev.weft.WebSocketClosedException("connection closed before the pong arrived"));
            x.pendingPings = null;
        }
        if (x.heldPingAnswer != null) {
            link.loop().bufferPool.release(x.heldPingAnswer);
            x.heldPingAnswer = null;
        }
    }

    /** After the core has run: arm the close timer when it expects the peer to close, update the state. */
    private void afterProtocolStep() {
        if (protocol.state() != CloseHandshake.OPEN && readyState() == ReadyState.OPEN) {
            readyState = (byte) ReadyState.CLOSING.ordinal();
        }
        if ((extras == null || extras.closeTimer == null) && protocol.closeExpected() && !link.isClosed()) {
            extras().closeTimer = link.loop().schedule(config.closeTimeout().toNanos(), () -> {
                LOG.log(System.Logger.Level.DEBUG, "close timeout with " + remote + ": dropping the connection");
                link.close(null);
            });
        }
    }

    // ------------------------------------------------------------------ core events: to the listener

    @Override
    public void onText(String text) {
        dispatch.text(this, text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        dispatch.binary(this, data);
    }

    @Override
    public void onFragment(Opcode type, ByteBuffer data, boolean last) {
        MessageType t = type == Opcode.TEXT ? MessageType.TEXT : MessageType.BINARY;
        ByteBuffer d = dispatch.lendOrCopy(data);
        dispatch.call(this, () -> listener.onFragment(this, t, d, last));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        ByteBuffer p = dispatch.lendOrCopy(payload);
        dispatch.call(this, () -> listener.onPing(this, p));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        SessionExtras x = extras;
        if (x != null && x.pendingPings != null) {
            x.pendingPings.pong(payload);
            if (x.pendingPings.isEmpty()) {
                x.pendingPings = null; // idle connections keep nothing for pings
                dropExtrasIfEmpty();
            }
        }
        ByteBuffer p = dispatch.lendOrCopy(payload);
        dispatch.call(this, () -> listener.onPong(this, p));
    }

    @Override
    public void onFailure(ProtocolException error) {
        extras().failedWithCode = error.closeCode();
        LOG.log(System.Logger.Level.DEBUG, "failing connection with " + remote + " (" + error.closeCode() + "): "
                + error.getMessage());
        dispatch.call(this, () -> listener.onError(this, error));
    }

    /** The listener this connection calls (see {@link ListenerDispatch}). */
    WebSocketListener listener() {
        return listener;
    }

    /** A listener callback threw: fails the connection with 1011 (loop thread). */
    void listenerFailed(RuntimeException e) {
        LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "listener threw; failing the connection with 1011", e);
        if (!link.isClosed() && protocol.state() != CloseHandshake.FAILED && protocol.state() != CloseHandshake.CLOSED) {
            extras().failedWithCode = CloseCode.INTERNAL_ERROR;
            protocol.fail(CloseCode.INTERNAL_ERROR);
            afterProtocolStep();
            if (dispatch.onLoopThread()) {
                try {
                    listener.onError(this, e);
                } catch (RuntimeException ignored) {
                    // The listener already failed; its error handler failing too changes nothing.
                }
            }
        }
    }

    @Override
    public void onOversizedMessageDiscarded(dev.weft.protocol.frame.Opcode type, long limit) {
        home.ledger().oversizedDiscarded();
        LOG.log(System.Logger.Level.DEBUG, "dropped a " + type.name().toLowerCase(java.util.Locale.ROOT)
                + " message over the limit of " + limit + " bytes from " + remote + "; the connection goes on");
    }

    // ------------------------------------------------------------------ outbound: core frames to the socket

    @Override
    public void writeTakingOver(ByteBuffer frame, ByteBuffer payload) {
        if (liveness != null) {
            liveness.outbound();
        }
        link.write(frame, true);
        link.write(payload, true);
    }

    @Override
    public void write(ByteBuffer frame, ByteBuffer payload) {
        if (liveness != null) {
            liveness.outbound();
        }
        if (frame != null) {
            link.write(frame, true);
        }
        if (payload != null) {
            link.write(payload, false);
        }
    }

    /**
     * Queues the core's answer to a ping, or holds it while the most answers allowed
     * ({@link WebSocketConfig#maxQueuedPongs}) are still unwritten: then only the latest is kept
     * (RFC 6455 §5.5.3), queued once those are written. A peer that pings without reading so
     * costs a few queued pongs and one held, and each answer waits only for what was queued before it.
     */
    @Override
    public void writePingAnswer(ByteBuffer frame) {
        SessionExtras x = extras;
        if (x == null || x.pingAnswersUnwritten < config.maxQueuedPongs()) {
            queuePingAnswer(frame);
            return;
        }
        if (x.heldPingAnswer != null) {
            link.loop().bufferPool.release(x.heldPingAnswer);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "pings from " + remote + " come faster than their pongs are written: "
                    + "answering only the latest until " + x.pingAnswersUnwritten + " waiting answers are out");
        }
        x.heldPingAnswer = frame;
    }

    private void queuePingAnswer(ByteBuffer frame) {
        extras().pingAnswersUnwritten++;
        int mark = link.writeMark();
        write(frame, null);
        CompletableFuture<Void> written = new CompletableFuture<>();
        written.whenComplete((ok, failure) -> pingAnswerWritten(failure == null));
        link.attachToLast(mark, written, 0, 0);
    }

    /** A queued answer to a ping was written (or dropped, the connection closing): once none waits, the held one follows. */
    private void pingAnswerWritten(boolean written) {
        SessionExtras x = extras;
        if (x == null) {
            return;
        }
        x.pingAnswersUnwritten--;
        ByteBuffer held = x.heldPingAnswer;
        if (held != null && x.pingAnswersUnwritten == 0) {
            x.heldPingAnswer = null;
            if (written && !link.isClosed() && protocol.state() == CloseHandshake.OPEN) {
                queuePingAnswer(held);
            } else {
                link.loop().bufferPool.release(held);
            }
        }
        dropExtrasIfEmpty();
    }

    /**
     * The encoder this connection shares with others for whole messages, or null: a frame sent
     * with {@link #sendShared} is either plain or made by it. Fixed at the handshake, so any
     * thread may ask.
     */
    SharedEncoder sharedEncoder() {
        return protocol.sharedEncoder();
    }

    /**
     * Queues a frame encoded once for many connections; returns false if this connection's
     * queue is at its cap (the frame is then not queued here). See {@link ProtocolConnection#sendEncoded}.
     */
    boolean sendShared(ByteBuffer frame, long charge, SharedFrame shared) {
        return submitShared(charge, shared, () -> protocol.sendEncoded(frame));
    }

    // ------------------------------------------------------------------ topics (server connections)

    @Override
    public void subscribe(String topic) {
        if (home.topics() == null) {
            WebSocket.super.subscribe(topic); // a client's: refused
        } else {
            subscribeTo(topic);
        }
    }

    @Override
    public void unsubscribe(String topic) {
        if (home.topics() == null) {
            WebSocket.super.unsubscribe(topic); // a client's: refused
        } else {
            unsubscribeFrom(topic);
        }
    }

    @Override
    public java.util.Set<String> topics() {
        return home.topics() == null ? WebSocket.super.topics() : topicNames(); // a client's: refused
    }

    @Override
    EventLoop memberLoop() {
        return link.loop();
    }

    @Override
    boolean closedForTopics() {
        return readyState() == ReadyState.CLOSED;
    }

    /**
     * Loop thread: a published frame for this subscriber, unless it is past its high watermark
     * and {@code policy} says otherwise.
     *
     * @param message the message, with its frames shared by every subscriber; this connection
     *     queues a view of the one that suits it (compressed once for all that share its encoder)
     */
    @Override
    Delivery deliverPublished(PublishedMessage message, dev.weft.topic.SlowSubscriberPolicy policy) {
        if (link.isClosed() || !protocol.state().canSend()) {
            return Delivery.GONE;
        }
        Delivery verdict = slowVerdict(buffered(), config.highWatermark(), policy);
        if (verdict != null) {
            return verdict;
        }
        PublishedMessage.Frame frame = message.frameFor(sharedEncoder());
        return queueSharedNow(message.payloadSize, frame.shared(), frame.bytes().duplicate(), protocol)
                ? Delivery.QUEUED : Delivery.SKIPPED;
    }

    @Override
    void closeForSlowness(dev.weft.topic.SlowSubscriberPolicy policy, long queued) {
        LOG.log(System.Logger.Level.DEBUG, "closing " + remote + " with " + policy.closeCode()
                + ": too slow for its topics (" + queued + " bytes queued)");
        protocol.close(policy.closeCode(), "too slow");
        afterProtocolStep();
    }

    @Override
    public void closeTransport() {
        // The peer's close frame arrived (first, or answering ours): it sends nothing more.
        if (protocol.closeReceived() != null) {
            link.closeWhenFlushedAfterPeer();
        } else {
            link.closeWhenFlushed();
        }
    }

    @Override
    public void onWritten(long own, long shared, long held) {
        // Not when the queue emptied because the connection is closing: a listener that sends in
        // onWritable while isWritable() would be refused every send without its queue growing.
        if (written(own, shared, held) && !link.isClosed() && protocol.state().canSend()) {
            dispatch.call(this, () -> listener.onWritable(this));
        }
    }

    // ------------------------------------------------------------------ WebSocket: the application's calls

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        return sendText(text, true);
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        return sendBinary(data, true);
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data, boolean compress) {
        WireProtocol.LentUse use = lentUse(data);
        ByteBuffer d = use == WireProtocol.LentUse.MUST_COPY ? copyOf(data) : data.duplicate();
        if (use == WireProtocol.LentUse.TAKEN) {
            // The message this listener is being lent, sent on from its call: written without a copy.
            return submit(d.remaining(), () -> protocol.sendLentBinary(d, compress));
        }
        return submit(d.remaining(), () -> protocol.sendBinary(d, compress));
    }

    /** How a buffer sent from a listener relates to a message lent to it (only direct buffers on the loop can). */
    private WireProtocol.LentUse lentUse(ByteBuffer data) {
        return data.isDirect() && link.loop().inLoop() ? protocol.useLent(data) : WireProtocol.LentUse.NOT_LENT;
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        return ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text, boolean compress) {
        int length = Utf8Encoder.encodedLength(text);
        return submit(length, () -> protocol.sendText(text, length, compress));
    }

    @Override
    public CompletableFuture<Void> sendFragment(MessageType type, ByteBuffer data, boolean last) {
        // A fragment of a lent message is copied: parts sent by reference could outlive the loan.
        ByteBuffer d = lentUse(data) == WireProtocol.LentUse.NOT_LENT ? data.duplicate() : copyOf(data);
        Opcode op = type == MessageType.TEXT ? Opcode.TEXT : Opcode.BINARY;
        return submit(d.remaining(), () -> protocol.sendFragment(op, d, last));
    }

    @Override
    public CompletableFuture<Void> sendTextFragment(CharSequence text, boolean last) {
        int length = Utf8Encoder.encodedLength(text);
        return submit(length, () -> protocol.sendTextFragment(text, length, last));
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        ByteBuffer p = checkControl(payload);
        return submit(p.remaining(), () -> protocol.ping(p));
    }

    @Override
    public CompletableFuture<Duration> pingAndAwaitPong(ByteBuffer payload, Duration timeout) {
        ByteBuffer p = checkControl(payload);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        CompletableFuture<Duration> pong = new CompletableFuture<>();
        submit(p.remaining(), () -> {
            protocol.ping(p);
            // Waiting starts once the ping is queued, on the loop, where the pong will be matched.
            pendingPings().awaiting(p, timeout, pong);
        }).whenComplete((written, failure) -> {
            if (failure != null) {
                pong.completeExceptionally(failure);
            }
        });
        return pong;
    }

    @Override
    public CompletableFuture<Void> pong(ByteBuffer payload) {
        ByteBuffer p = checkControl(payload);
        return submit(p.remaining(), () -> protocol.pong(p));
    }

    private static ByteBuffer checkControl(ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("control frame payload of " + payload.remaining() + " bytes exceeds 125");
        }
        return payload.duplicate();
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        CloseStatus.forSending(code, reason); // validate on the caller's thread, so the caller sees the error
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(() -> {
            if (protocol.closeSent() != null || link.isClosed()) {
                f.complete(null); // already closing: closing again is a no-op
                return;
            }
            int mark = link.writeMark();
            protocol.close(code, reason);
            link.attachToLast(mark, f, 0, 0);
            afterProtocolStep();
        });
        return f;
    }

    @Override
    public void terminate() {
        onLoop(() -> link.close(null));
    }

    @Override
    public ReadyState readyState() {
        return READY_STATES[readyState];
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public List<ExtensionOffer> extensions() {
        return extensions;
    }

    @Override
    public boolean isSecure() {
        return link.isSecure();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public RequestHead handshakeRequest() {
        SessionExtras x = extras;
        RequestHead request = x == null ? null : x.handshakeRequest;
        if (request == null) {
            throw new IllegalStateException("the handshake request is let go once onOpen returns; read what you "
                    + "need from it in onOpen (or a handshake interceptor), or build the server with "
                    + "keepHandshakeRequests(true)");
        }
        return request;
    }

    @Override
    public dev.weft.protocol.http.ResponseHead handshakeResponse() {
        if (home.topics() != null) {
            throw new UnsupportedOperationException("a server connection has no handshake response to read; "
                    + "its request is handshakeRequest()");
        }
        SessionExtras x = extras;
        dev.weft.protocol.http.ResponseHead response = x == null ? null : x.handshakeResponse;
        if (response == null) {
            throw new IllegalStateException("the handshake response is let go once onOpen returns; read what you "
                    + "need from it in onOpen, or connect with ConnectOptions.builder().keepHandshakeResponse(true)");
        }
        return response;
    }

    @Override
    public String path() {
        return RequestHead.pathOf(requestTarget);
    }

    @Override
    public String query() {
        return RequestHead.queryOf(requestTarget);
    }

    @Override
    public Duration roundTripTime() {
        return liveness == null ? null : liveness.roundTrip();
    }

    @Override
    public Map<String, String> pathParameters() {
        return pathParameters;
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
    public void pauseReading() {
        onLoop(() -> {
            protocol.pauseReading();
            link.pauseReading();
        });
    }

    @Override
    public void resumeReading() {
        onLoop(() -> {
            protocol.resumeReading();
            link.resumeReading();
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public void attachment(Object value) {
        this.attachment = value;
    }

    /** Closes with {@code code} if open, and drops the connection if it is still there after {@code millis}. Loop-safe. */
    void shutdown(int code, long millis) {
        onLoop(() -> {
            if (link.isClosed()) {
                return;
            }
            if (protocol.closeSent() == null && protocol.state().canSend()) {
                protocol.close(code, "");
                afterProtocolStep();
            }
            link.loop().schedule(TimeUnit.MILLISECONDS.toNanos(millis), () -> link.close(null));
        });
    }

    boolean isClosed() {
        return readyState() == ReadyState.CLOSED;
    }

    /** Whether the core may still send data and control frames other than close. Loop thread. */
    @Override
    public boolean canSend() {
        return protocol.state().canSend();
    }

    @Override
    public String toString() {
        return "WebSocket[" + remote + ", " + readyState() + "]";
    }

    @Override
    MemoryLedger ledger() {
        return home.ledger();
    }

    @Override
    TopicRegistry topicRegistry() {
        return home.topics();
    }
}
