package dev.weft.protocol;

import dev.weft.protocol.close.CloseCode;
import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.FrameSink;
import dev.weft.protocol.frame.MaskSource;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.internal.text.Utf8Encoder;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One WebSocket connection after the opening handshake, as a state machine with no I/O:
 * bytes in through {@link #receive}, events out through {@link ProtocolEvents}, frames out
 * through {@link Outbound}.
 *
 * <pre>
 * receive(bytes) ─▶ FrameParser ─▶ control frame? ── ping ─▶ pong queued, onPing
 *                     (header checks,     │          ── close ─▶ echo queued, onCloseReceived
 *                      unmask in place)   └─ data ─▶ MessageAssembler (UTF-8, limits) ─▶ onText / onBinary
 * sendText / sendBinary / ping / close ─▶ FrameWriter (fragment, mask) ─▶ Outbound.write
 * any violation ─▶ close frame with its code, input discarded (§7.1.7) ─▶ onFailure
 * </pre>
 *
 * <p>It keeps no clock: {@link #closeExpected()} tells the transport when to start its close
 * timer. It is not thread-safe: the transport drives it from the connection's one thread.
 */
public final class ProtocolConnection extends FrameWriter implements FrameSink, WireProtocol {
    /** The most payload a control frame carries (§5.5). */
    static final int MAX_CONTROL_PAYLOAD = 125;

    private final ProtocolEvents events;

    /**
     * The parser and assembler while a frame or message is in progress; null otherwise when the
     * settings' reception pool lends them (most connections are idle most of the time).
     */
    private @Nullable Reception reception;
    /** Where the assembler takes memory for messages in progress from. */
    private final MemoryBudget memory;
    private byte allowedRsv;
    /** Set by {@link #release()}: a reception held then is not given back. */
    private boolean released;

    private CloseHandshake state = CloseHandshake.OPEN;
    /** The close frames sent and received; made with the first of them (an open connection has none). */
    private @Nullable CloseFrames closes;
    private boolean eofReceived;
    private boolean paused;
    private boolean waitingForMemory;
    private boolean sendingFragments;

    /** The fewest payload bytes still to come for reading them in place to be worth a read of their own. */
    private static final int IN_PLACE_MIN = 16 * 1024;

    private ProtocolConnection(Builder b, ProtocolSettings settings) {
        super(settings, b.outbound, b.extensions);
        this.events = b.events;
        this.memory = b.memory;
        allowRsv(b.extensions.rsvBits());
    }

    /**
     * A builder for a connection on the given side.
     *
     * @param role which side of the connection this is
     * @return a builder with the default limits, no extensions and unpooled buffers
     */
    public static Builder builder(Role role) {
        return new Builder(role, null);
    }

    /**
     * A builder for a connection with the given settings, which it shares with any other
     * connection given them.
     *
     * @param settings the role, limits, buffers and delivery choices
     * @return a builder that takes the events and outbound sinks, extensions and memory budget
     */
    public static Builder builder(ProtocolSettings settings) {
        return new Builder(settings.role, settings);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Parses the bytes between {@code in}'s position and limit. On return every byte has been
     * consumed, unless reading was paused during the call: then the position marks the first
     * byte not yet parsed, and the transport must offer the rest again after
     * {@link #resumeReading()}, or, if the memory budget refused what the input needs
     * ({@link #isWaitingForMemory()}), after {@link #retryAfterMemory()} succeeded. After the
     * close handshake or a failure, input is discarded.
     */
    public void receive(ByteBuffer in) {
        if (state.canReceive() && !paused && !waitingForMemory) {
            Reception r = reception();
            try {
                r.parser.parse(in, this);
            } catch (ProtocolException e) {
                fail(e);
            }
            giveBackIfIdle(r);
        }
        if (!state.canReceive()) {
            in.position(in.limit());
        }
    }

    /** The reception in use, borrowed (or, without a pool, made once) if there is none. */
    private Reception reception() {
        Reception r = reception;
        if (r == null) {
            ReceptionPool receptions = settings.receptions;
            r = receptions != null ? receptions.take() : new Reception();
            r.bind(settings, allowedRsv, events, extensions, memory);
            reception = r;
        }
        return r;
    }

    /**
     * Gives the reception back to the pool once nothing is in progress. Not after a failure (the
     * parser may have stopped mid-frame) or {@link #release()} (it may still be in use below this
     * call), and not while a message waits for memory.
     */
    private void giveBackIfIdle(Reception r) {
        ReceptionPool receptions = settings.receptions;
        if (receptions != null && reception == r && !released && !waitingForMemory
                && state != CloseHandshake.FAILED && r.isIdle()) {
            reception = null;
            receptions.give(r);
        }
    }

    /** The peer closed its side of the TCP connection. */
    public void receiveEof() {
        eofReceived = true;
    }

    /** Stops parsing after the current event; the rest of the input stays unread. */
    public void pauseReading() {
        paused = true;
        stopParsing();
    }

    /** Makes a running parse return after the current event (none runs without a reception). */
    private void stopParsing() {
        if (reception != null) {
            reception.parser.stop();
        }
    }

    /**
     * Allows parsing again; the transport offers the unread input once more. Called during the
     * event that paused (a listener pausing and resuming in one callback), parsing simply goes
     * on: no input is left unread for a transport that no longer expects any.
     */
    public void resumeReading() {
        paused = false;
        if (reception != null) {
            reception.parser.cancelStop();
        }
    }

    /** Whether reading is paused. */
    @Override
    public boolean isReadingPaused() {
        return paused;
    }

    /**
     * Whether parsing stopped because the {@link MemoryBudget} refused the memory a message in
     * progress needs: the unparsed input must be kept and offered again once
     * {@link #retryAfterMemory()} returns true. The transport should stop reading meanwhile, so
     * TCP flow control slows the peer.
     */
    @Override
    public boolean isWaitingForMemory() {
        return waitingForMemory;
    }

    /**
     * Tries again, after memory was given back, to go on with the message that was waiting for
     * it (an inflater's held-back output first).
     *
     * @return true if the connection can take input again; false if it is still waiting
     */
    @Override
    public boolean retryAfterMemory() {
        if (!waitingForMemory) {
            return true;
        }
        if (state.canReceive()) {
            try {
                if (!reception.assembler.resume()) {
                    return false;
                }
            } catch (ProtocolException e) {
                waitingForMemory = false;
                fail(e);
                return true;
            }
        }
        waitingForMemory = false;
        return true;
    }

    /**
     * Lets frames carry the given RSV bits, which negotiated extensions own.
     *
     * @param rsvBits a combination of {@link FrameParser#RSV1}, {@link FrameParser#RSV2}, {@link FrameParser#RSV3}
     */
    public void allowRsv(int rsvBits) {
        if ((rsvBits & ~7) != 0) {
            throw new IllegalArgumentException("rsv bits out of range: " + rsvBits);
        }
        allowedRsv = (byte) rsvBits;
        if (reception != null) {
            reception.parser.allowRsv(rsvBits);
        }
    }

    @Override
    public void frameStart(boolean fin, int rsv, Opcode opcode, long length) throws ProtocolException {
        if (opcode.isControl()) {
            if (rsv != 0) {
                // No extension defined here gives control frames RSV bits (RFC 7692 §6 for deflate).
                throw new ProtocolException(ProtocolError.RESERVED_BITS, "rsv bits " + rsv + " on a control frame");
            }
            reception.startControl(opcode);
        } else {
            reception.startData();
            reception.assembler.frameStart(fin, rsv, opcode, length);
        }
    }

    @Override
    public void oversizedFrameStart(boolean fin, int rsv, Opcode opcode, long length, long limit)
            throws ProtocolException {
        reception.startData(); // only data frames get here: a control frame is never over a limit
        reception.assembler.oversizedFrameStart(fin, rsv, opcode, length, limit);
    }

    @Override
    public void framePayload(ByteBuffer payload, boolean endOfFrame) throws ProtocolException {
        Reception r = reception;
        if (!r.readingControl()) {
            if (!r.assembler.payload(payload, endOfFrame)) {
                waitingForMemory = true;
                r.parser.suspend();
            }
            return;
        }
        r.appendControl(payload);
        if (endOfFrame) {
            onControlFrame(r.controlOpcode(), r.control(), r.controlLength());
        }
    }

    private void onControlFrame(Opcode opcode, byte[] control, int controlLength) throws ProtocolException {
        ByteBuffer payload = ByteBuffer.wrap(control, 0, controlLength);
        switch (opcode) {
            case PING -> {
                // §5.5.2: answer with a pong carrying the same application data, as soon as practical
                // (unless the application answers itself: ws's autoPong: false).
                if (settings.autoPong && state == CloseHandshake.OPEN) {
                    writePingAnswer(payload.duplicate());
                }
                events.onPing(payload);
            }
            case PONG -> events.onPong(payload);
            case CLOSE -> onCloseFrame(CloseStatus.parse(control, controlLength));
            default -> throw new IllegalStateException("not a control opcode: " + opcode);
        }
    }

    private void onCloseFrame(CloseStatus status) {
        closes().received = status;
        boolean answer = state == CloseHandshake.OPEN;
        // The state changes before anything is written: a transport may deliver our frame, and
        // the peer's reaction, before the write returns.
        state = CloseHandshake.CLOSED;
        if (answer) {
            // §5.5.1: answer with a close frame, echoing the status code received.
            sendClose(status.code() == CloseCode.NO_STATUS ? CloseStatus.NO_STATUS : new CloseStatus(status.code(), ""));
        }
        stopParsing();
        events.onCloseReceived(status);
        if (settings.role == Role.SERVER) {
            out.closeTransport();
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a whole text message, split into frames if it is longer than the fragmentation threshold.
     *
     * @param text the message
     * @throws IllegalStateException    if the connection can no longer send or a fragmented message
     *     is open
     * @throws IllegalArgumentException if the text holds an unpaired surrogate
     */
    public void sendText(CharSequence text) {
        sendText(text, true);
    }

    /**
     * Sends a whole text message; {@code compress} false keeps negotiated extensions (such as
     * permessage-deflate) from transforming this one message.
     *
     * @param text the message
     * @param compress false to send this message as it is even when an extension would encode it
     */
    public void sendText(CharSequence text, boolean compress) {
        sendText(text, Utf8Encoder.encodedLength(text), compress);
    }

    /**
     * Sends a whole text message whose UTF-8 length the caller already measured with
     * {@link Utf8Encoder#encodedLength}, so it is not measured twice.
     */
    public void sendText(CharSequence text, int utf8Length, boolean compress) {
        checkCanSendMessage();
        writeText(text, utf8Length, true, true, compress);
    }

    /**
     * Sends a whole binary message: the bytes between {@code data}'s position and limit, which
     * the transport may read until they are written.
     *
     * @param data the message's bytes
     * @throws IllegalStateException if the connection can no longer send or a fragmented message is
     *     open
     */
    public void sendBinary(ByteBuffer data) {
        sendBinary(data, true);
    }

    /** Sends a whole binary message; {@code compress} false keeps extensions from transforming it. */
    public void sendBinary(ByteBuffer data, boolean compress) {
        checkCanSendMessage();
        writeData(Opcode.BINARY, data, true, true, compress);
    }

    @Override
    public ByteBuffer inPlaceReadTarget() {
        Reception r = reception;
        if (r == null) {
            return null; // between messages: nothing to read in place
        }
        long remaining = r.parser.payloadRemaining();
        if (remaining < IN_PLACE_MIN || r.readingControl() || paused || waitingForMemory || !state.canReceive()) {
            return null;
        }
        return r.assembler.inPlaceTarget(remaining);
    }

    @Override
    public void receivedInPlace(ByteBuffer target, int n) {
        Reception r = reception;
        boolean endOfFrame = r.parser.payloadReadInPlace(target, target.position() - n, n);
        r.assembler.arrivedInPlace(n, endOfFrame);
        giveBackIfIdle(r);
    }

    @Override
    public LentUse useLent(ByteBuffer data) {
        return reception == null ? LentUse.NOT_LENT : reception.assembler.useLent(data);
    }

    @Override
    public void sendLentBinary(ByteBuffer data, boolean compress) {
        checkCanSendMessage();
        writeTakingOver(data, compress);
    }

    /**
     * Sends one part of a message whose parts the caller produces one by one. The first part
     * fixes the type; {@code last} ends the message. Control frames may be sent in between.
     *
     * @param type {@link Opcode#TEXT} or {@link Opcode#BINARY}, the type of the whole message
     */
    public void sendFragment(Opcode type, ByteBuffer data, boolean last) {
        if (type != Opcode.TEXT && type != Opcode.BINARY) {
            throw new IllegalArgumentException("a message is TEXT or BINARY, not " + type);
        }
        checkCanSend();
        boolean first = !sendingFragments;
        sendingFragments = !last;
        writeData(type, data, first, last, true);
    }

    /**
     * Sends one part of a text message whose parts the caller produces one by one; each part
     * holds whole characters. {@code last} ends the message.
     *
     * @param text this part of the message, whole characters only
     * @param last whether this part ends the message
     */
    public void sendTextFragment(CharSequence text, boolean last) {
        sendTextFragment(text, Utf8Encoder.encodedLength(text), last);
    }

    /** {@link #sendTextFragment(CharSequence, boolean)} with the UTF-8 length already measured. */
    public void sendTextFragment(CharSequence text, int utf8Length, boolean last) {
        checkCanSend();
        boolean first = !sendingFragments;
        sendingFragments = !last;
        writeText(text, utf8Length, first, last, true);
    }

    /**
     * Sends a whole data frame encoded once for many connections (a broadcast). Only a server
     * can: its frames are unmasked, so the same bytes suit every connection, while a client must
     * mask each frame with its own fresh key.
     *
     * <p>A frame with RSV bits set was made by this connection's {@link #sharedEncoder()}: the
     * extension that keeps state between messages is told, so its next message takes this one
     * into account.
     *
     * @param frame the frame's bytes, FIN set, read between position and limit, not modified
     * @throws IllegalStateException on a client, after the close handshake began, or while a fragmented message is open
     */
    public void sendEncoded(ByteBuffer frame) {
        if (settings.role != Role.SERVER) {
            throw new IllegalStateException("a client cannot share frames: each needs its own masking key");
        }
        checkCanSendMessage();
        if ((frame.get(frame.position()) & 0x70) != 0) { // RSV1-3 of the first header byte
            extensions.sharedMessageSent();
        }
        out.write(null, frame);
    }

    @Override
    public dev.weft.protocol.extension.@org.jspecify.annotations.Nullable SharedEncoder sharedEncoder() {
        // A client masks every frame with its own key: nothing it sends can be shared.
        return settings.role == Role.SERVER ? extensions.sharedEncoder() : null;
    }

    /** Sends a ping with up to 125 bytes of application data. */
    public void ping(ByteBuffer data) {
        sendControl(Opcode.PING, data);
    }

    /** Sends a pong, unsolicited (a one-way heartbeat, §5.5.3) or answering a ping. */
    public void pong(ByteBuffer data) {
        sendControl(Opcode.PONG, data);
    }

    private void sendControl(Opcode opcode, ByteBuffer data) {
        checkCanSend();
        if (data.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(opcode + " payload of " + data.remaining() + " bytes exceeds 125");
        }
        writeControl(opcode, data);
    }

    /**
     * Starts the close handshake (§7.1.2). Afterwards no data may be sent; the peer's data keeps
     * arriving until its close frame does.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is over 123 bytes
     * @throws IllegalStateException    if a close frame was already sent
     */
    public void close(int code, String reason) {
        CloseStatus status = CloseStatus.forSending(code, reason);
        if (closeSent() != null) {
            throw new IllegalStateException("close frame already sent");
        }
        state = CloseHandshake.OUTPUT_SHUT;
        sendClose(status);
    }

    /**
     * Fails the connection for a reason of the application's, such as 1011 after a listener
     * threw or 1008 for a policy violation (§7.1.7): sends a close frame with {@code code} and
     * no reason, then discards all input. A no-op if the connection already failed or closed.
     */
    public void fail(int code) {
        if (state == CloseHandshake.FAILED || state == CloseHandshake.CLOSED) {
            return;
        }
        boolean answer = closeSent() == null;
        state = CloseHandshake.FAILED;
        if (answer) {
            sendClose(CloseStatus.forSending(code, ""));
        }
        stopParsing();
        // A server closes the TCP connection at once; a client waits for the server to (§7.1.1).
        if (settings.role == Role.SERVER) {
            out.closeTransport();
        }
    }

    private void fail(ProtocolException e) {
        fail(e.closeCode());
        events.onFailure(e);
    }

    private void sendClose(CloseStatus status) {
        closes().sent = status;
        writeControl(Opcode.CLOSE, status.toPayload());
    }

    private void checkCanSend() {
        if (!state.canSend()) {
            throw new IllegalStateException("cannot send: connection is " + state);
        }
    }

    private void checkCanSendMessage() {
        checkCanSend();
        if (sendingFragments) {
            throw new IllegalStateException("a fragmented message is being sent; finish it first");
        }
    }

    // ---------------------------------------------------------------- state

    /** Where the close handshake stands. */
    public CloseHandshake state() {
        return state;
    }

    /**
     * Whether the transport should expect the TCP connection to close soon and arm its close
     * timer: after this side sent a close frame and waits for the answer, and, for a client,
     * after the handshake while it waits for the server to close TCP (§7.1.1).
     */
    public boolean closeExpected() {
        return switch (state) {
            case OPEN -> false;
            case OUTPUT_SHUT -> true;
            case CLOSED, FAILED -> settings.role == Role.CLIENT && !eofReceived;
        };
    }

    /** The close frame this side sent, or {@code null}. */
    public @Nullable CloseStatus closeSent() {
        return closes == null ? null : closes.sent;
    }

    /** The close frame the peer sent, or {@code null}. */
    public @Nullable CloseStatus closeReceived() {
        return closes == null ? null : closes.received;
    }

    /**
     * Whether the connection closed cleanly (§7.1.4 "_The WebSocket Connection is Closed_"
     * after both close frames): both sides sent one and no failure intervened.
     */
    public boolean isCleanClose() {
        return state == CloseHandshake.CLOSED;
    }

    /**
     * The code to report to the application when the connection is gone (§7.1.5): the code in
     * the peer's close frame, {@link CloseCode#NO_STATUS} if its frame had none, or
     * {@link CloseCode#ABNORMAL} if no close frame arrived.
     *
     * @return the close code for the application's close event
     */
    public int reportedCloseCode() {
        CloseStatus received = closeReceived();
        return received == null ? CloseCode.ABNORMAL : received.code();
    }

    /**
     * Releases what the negotiated extensions hold (zlib contexts). The transport calls it once
     * the connection is gone, however it ended.
     */
    public void release() {
        released = true;
        if (reception != null) {
            reception.assembler.release();
        }
        extensions.close();
    }

    private CloseFrames closes() {
        if (closes == null) {
            closes = new CloseFrames();
        }
        return closes;
    }

    /** The close frames of a connection whose close handshake began. */
    private static final class CloseFrames {
        @Nullable CloseStatus sent;
        @Nullable CloseStatus received;
    }

    /** Whether the connection holds a parser and assembler now (tests: an idle one with a pool holds none). */
    boolean holdsReception() {
        return reception != null;
    }

    /** The role this connection plays. */
    public Role role() {
        return settings.role;
    }

    /**
     * Builds a {@link ProtocolConnection}: its settings (given whole, to share them with other
     * connections, or one by one) and the sinks for its events and frames, which are required.
     */
    public static final class Builder {
        private final Role role;
        private final @Nullable ProtocolSettings shared;
        private ProtocolSettings.Builder own;
        private ProtocolEvents events;
        private Outbound outbound;
        private ExtensionChain extensions = ExtensionChain.empty();
        private MemoryBudget memory = MemoryBudget.unlimited();

        private Builder(Role role, @Nullable ProtocolSettings shared) {
            this.role = Objects.requireNonNull(role, "role");
            this.shared = shared;
        }

        /** The settings being set one by one; refused once they were given whole. */
        private ProtocolSettings.Builder own() {
            if (shared != null) {
                throw new IllegalStateException("the settings were given whole (builder(ProtocolSettings))");
            }
            if (own == null) {
                own = ProtocolSettings.builder(role);
            }
            return own;
        }

        /**
         * See {@link ProtocolSettings.Builder#limits}.
         *
         * @param limits as there
         * @return this builder
         */
        public Builder limits(ProtocolLimits limits) {
            own().limits(limits);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#masks}.
         *
         * @param masks as there
         * @return this builder
         */
        public Builder masks(MaskSource masks) {
            own().masks(masks);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#bufferPool}.
         *
         * @param pool as there
         * @return this builder
         */
        public Builder bufferPool(BufferPool pool) {
            own().bufferPool(pool);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#assembleFragments}.
         *
         * @param assemble as there
         * @return this builder
         */
        public Builder assembleFragments(boolean assemble) {
            own().assembleFragments(assemble);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#lendBinaryMessages}.
         *
         * @param lend as there
         * @return this builder
         */
        public Builder lendBinaryMessages(boolean lend) {
            own().lendBinaryMessages(lend);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#autoPong}.
         *
         * @param on as there
         * @return this builder
         */
        public Builder autoPong(boolean on) {
            own().autoPong(on);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#fragmentSize}.
         *
         * @param bytes as there
         * @return this builder
         */
        public Builder fragmentSize(int bytes) {
            own().fragmentSize(bytes);
            return this;
        }

        /**
         * See {@link ProtocolSettings.Builder#receptionPool}.
         *
         * @param pool as there
         * @return this builder
         */
        public Builder receptionPool(ReceptionPool pool) {
            own().receptionPool(pool);
            return this;
        }

        /**
         * Where events go. Required.
         *
         * @param events the receiver of messages, control frames, closes and failures
         * @return this builder
         */
        public Builder events(ProtocolEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /**
         * Where frames go. Required.
         *
         * @param outbound the receiver of encoded frames
         * @return this builder
         */
        public Builder outbound(Outbound outbound) {
            this.outbound = Objects.requireNonNull(outbound, "outbound");
            return this;
        }

        /**
         * The extensions negotiated in the handshake, in negotiation order; none by default.
         *
         * @param extensions the negotiated extensions
         * @return this builder
         */
        public Builder extensions(ExtensionChain extensions) {
            this.extensions = Objects.requireNonNull(extensions, "extensions");
            return this;
        }

        /**
         * Where the memory for messages in progress comes from (assembly buffers, inflated
         * output); {@link MemoryBudget#unlimited()} by default, leaving the message limit alone
         * to bound each connection.
         *
         * @param memory the budget shared by the connections of one server or client
         * @return this builder
         */
        public Builder inboundMemory(MemoryBudget memory) {
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * Builds the connection, open and ready for frames.
         *
         * @return the connection
         */
        public ProtocolConnection build() {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(outbound, "outbound");
            return new ProtocolConnection(this, shared != null ? shared : own != null ? own.build()
                    : ProtocolSettings.builder(role).build());
        }
    }
}
