package dev.weft.protocol;

import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.internal.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the payload of data frames into messages (RFC 6455 §5.4): checks text as UTF-8 as each
 * piece arrives, so invalid text fails at its first bad byte (§8.1), charges every piece
 * against the message limit before buffering it, and either assembles whole messages or
 * passes pieces through as they come.
 *
 * <p>A message that arrives as one frame within one read is delivered straight from the read
 * buffer; only fragmented or split messages are copied into the assembly buffer: one array of
 * up to 64 KiB, kept for the next message, then further 64 KiB arrays, let go once the message
 * is delivered. Connections that share assemblers through a {@link ReceptionPool} hold none
 * while idle: the kept array stays with the assembler, in the pool. A binary message in one frame split
 * across reads is the exception (up to {@link #EXACT_MAX}, or of any size when messages are lent):
 * its header says how long it is, so its bytes go straight into a buffer of that size, which is
 * the one the listener gets (one copy instead of two). Every byte of capacity is first taken from the {@link MemoryBudget}; refused,
 * the assembler says so and the connection waits.
 */
final class MessageAssembler implements Extension.Sink {
    /**
     * The most the first assembly array grows to, and the size of each further one. The first
     * is kept for the next message (so an assembler holds at most this much between messages).
     */
    private static final int CHUNK = 64 * 1024;
    /**
     * The largest single-frame binary message assembled straight into an array of its own size.
     * Larger ones go into chunks first: an array of half a G1 region or more (512 KiB at the
     * smallest region size) is humongous, and many of them held while their bytes trickle in
     * fragment a small heap.
     */
    private static final int EXACT_MAX = 256 * 1024;

    // The connection's settings, given by bind for as long as this assembler serves it.
    private ProtocolEvents events;
    private ExtensionChain extensions;
    private MemoryBudget memory;
    private boolean assemble;
    /** The message limit, fragment cost and oversized-message policy, shared with every connection like it. */
    private ProtocolLimits limits;
    /**
     * Follows a text message that arrives in more than one piece; made the first time one does
     * (a message in one piece is checked whole, with no validator: most connections never need one).
     */
    private Utf8Validator utf8;
    /** Whether a piece of the current text message has gone through {@link #utf8}. */
    private boolean textOpen;

    private Opcode type;
    private boolean finalFrame;
    private boolean decoding;
    /** Whether the current message is over the limits and being read only to be dropped. */
    private boolean discarding;
    private long charged;
    private byte[] buffer;
    /** Further arrays of {@link #CHUNK} bytes once the first is full; null until a message needs them. */
    private byte[][] more;
    private int moreCount;
    private int size;
    /** Bytes of {@link #memory} this message holds: the assembly buffer's capacity, taken before it grows. */
    private long reserved;
    /** The length of the current message when it is one binary frame of at most {@link #EXACT_MAX}; else -1. */
    private int exactLength = -1;
    /** That message's own buffer, once its first bytes arrive without the rest. */
    private ByteBuffer exact;
    /** Where lent binary messages come from and go back to; null when messages are given away. */
    private BufferPool lendFrom;
    /** The binary message being lent to the listener, during its call. */
    private ByteBuffer lent;
    /** Whether the listener sent {@link #lent} on, so that it is no longer ours to take back. */
    private boolean lentTaken;

    /**
     * Sets the assembler up for connections with these settings.
     *
     * @param lendFrom the pool binary messages are lent from ({@link ProtocolConnection.Builder#lendBinaryMessages});
     *                 null to give every delivered buffer away
     */
    void configure(ProtocolLimits limits, boolean assemble, BufferPool lendFrom) {
        this.limits = limits;
        this.assemble = assemble;
        this.lendFrom = lendFrom;
    }

    /**
     * Serves a connection from now on. The assembler holds no message (it is new, or
     * {@link #isIdle()} held when it was {@linkplain #unbind unbound}); a first assembly array
     * kept from an earlier message, and the UTF-8 validator, are reused.
     */
    void bind(ProtocolEvents events, ExtensionChain extensions, MemoryBudget memory) {
        this.events = events;
        this.extensions = extensions;
        this.memory = memory;
    }

    /** Lets go of the connection it served, so a pooled assembler keeps no listener or budget alive. */
    void unbind() {
        bind(null, null, null);
    }

    /**
     * Whether no message is in progress here: nothing assembled, reserved, lent or being
     * dropped. (A fragmented message between frames is the parser's to know.)
     */
    boolean isIdle() {
        return size == 0 && exact == null && !discarding && reserved == 0 && lent == null;
    }

    /** A data frame's header: the start of a message, or a continuation of the open one. */
    void frameStart(boolean fin, int rsv, Opcode opcode, long length) throws ProtocolException {
        boolean first = opcode != Opcode.CONTINUATION;
        if (first) {
            type = opcode;
            charged = 0;
            size = 0;
            textOpen = false;
            discarding = false;
        }
        if (!extensions.isEmpty()) {
            boolean claimed = extensions.incoming(rsv, first);
            if (first) {
                decoding = claimed;
            }
        }
        finalFrame = fin;
        // Lent messages live outside the heap, where no size fragments it: any one frame goes straight in.
        exactLength = first && fin && opcode == Opcode.BINARY && !decoding && assemble
                && length <= (lendFrom != null ? limits.maxMessageSize() : EXACT_MAX) ? (int) length : -1;
        if (discarding) {
            return; // a later frame of a message already being dropped
        }
        if (assemble) {
            // Every frame costs at least fragmentCost: empty fragments cost the peer two bytes
            // each but still use up the budget, while large fragments are charged their size.
            // A decoded message is charged its decoded bytes as they come out instead, plus what
            // its short frames fall below the fragment cost, so empty compressed fragments still count.
            int fragmentCost = limits.fragmentCost();
            long maxMessageSize = limits.maxMessageSize();
            charged += decoding ? Math.max(0, fragmentCost - length) : Math.max(length, fragmentCost);
            if (charged > maxMessageSize) {
                tooBig(ProtocolError.MESSAGE_TOO_BIG, "message exceeds the limit of " + maxMessageSize + " bytes",
                        maxMessageSize);
            }
        }
    }

    /**
     * A data frame over the frame limit (the parser lets it through only when oversized messages
     * are discarded): its message is dropped, or the connection fails where it cannot be.
     */
    void oversizedFrameStart(boolean fin, int rsv, Opcode opcode, long length, long limit) throws ProtocolException {
        frameStart(fin, rsv, opcode, 0); // the message's bookkeeping, as for any frame; its payload is not charged
        if (!discarding) {
            tooBig(ProtocolError.FRAME_TOO_BIG, "frame of " + length + " bytes exceeds the limit of " + limit, limit);
        }
    }

    /**
     * The message is over a limit: with {@link OversizedMessages#DISCARD}, and when it can be
     * skipped (assembled, not being decoded), it is dropped from here on; otherwise the
     * connection fails with 1009.
     */
    private void tooBig(ProtocolError error, String why, long limit) throws ProtocolException {
        if (limits.oversizedMessages() != OversizedMessages.DISCARD || decoding || !assemble) {
            throw new ProtocolException(error, why);
        }
        discarding = true;
        release();
        events.onOversizedMessageDiscarded(type, limit);
    }

    /**
     * A piece of the current data frame's payload, unmasked.
     *
     * @return true if it was taken whole; false if there was no memory to hold it (or what it
     *         decodes to): the bytes from {@code chunk}'s position on were not taken, and
     *         {@link #resume()} must succeed before they are offered again
     */
    boolean payload(ByteBuffer chunk, boolean endOfFrame) throws ProtocolException {
        boolean endOfMessage = endOfFrame && finalFrame;
        if (discarding) {
            chunk.position(chunk.limit());
            if (endOfMessage) {
                discarding = false;
            }
            return true;
        }
        if (decoding) {
            return extensions.decode(chunk, endOfMessage, limits.maxMessageSize() - charged, this);
        }
        if (exactLength >= 0 && !(endOfMessage && size == 0)) {
            return exactPayload(chunk, endOfMessage);
        }
        if (assemble && !(endOfMessage && size == 0) && !reserveFor(size + (long) chunk.remaining(), true)) {
            return false;
        }
        accept(chunk, endOfMessage);
        return true;
    }

    /** A piece of a one-frame binary message of known length, copied into the buffer the listener will get. */
    private boolean exactPayload(ByteBuffer chunk, boolean endOfMessage) {
        if (exact == null) {
            if (!reserveUpTo(exactLength)) {
                return false;
            }
            exact = messageBuffer(exactLength);
        }
        int n = chunk.remaining();
        exact.put(size, chunk, chunk.position(), n);
        size += n;
        if (endOfMessage) {
            ByteBuffer message = exact;
            exact = null;
            size = 0;
            releaseReservation(); // handed to the listener: no longer ours to count
            deliverBinary(message);
        }
        return true;
    }

    /**
     * Where the next {@code remaining} bytes of the current frame may be read straight to: the
     * rest of a lent message's own direct buffer; null for any other message, or if the memory
     * budget cannot hold the message yet (the ordinary path then waits for it).
     */
    ByteBuffer inPlaceTarget(long remaining) {
        if (exactLength < 0 || lendFrom == null || discarding || size + remaining != exactLength) {
            return null;
        }
        if (exact == null) {
            if (!reserveUpTo(exactLength)) {
                return null;
            }
            exact = messageBuffer(exactLength);
        }
        return exact.slice(size, (int) remaining);
    }

    /** {@code n} bytes of the current message were read into its buffer in place (and unmasked there). */
    void arrivedInPlace(int n, boolean endOfFrame) {
        size += n;
        if (endOfFrame && finalFrame) {
            ByteBuffer message = exact;
            exact = null;
            size = 0;
            releaseReservation();
            deliverBinary(message);
        }
    }

    /** A buffer for a binary message of {@code length} bytes: lent from the pool, or the listener's own. */
    private ByteBuffer messageBuffer(int length) {
        return lendFrom != null ? lendFrom.acquireDirect(length).limit(length) : ByteBuffer.allocate(length);
    }

    /** Hands a binary message to the listener; a lent one comes back to the pool unless it was sent on. */
    private void deliverBinary(ByteBuffer message) {
        if (lendFrom == null) {
            events.onBinary(message);
            return;
        }
        lent = message;
        lentTaken = false;
        try {
            events.onBinary(message);
        } finally {
            if (!lentTaken) {
                lendFrom.release(message);
            }
            lent = null;
        }
    }

    /** What sending {@code data} means for the message being lent: see {@link WireProtocol#useLent}. */
    WireProtocol.LentUse useLent(ByteBuffer data) {
        if (lent == null || !data.isDirect()) {
            return WireProtocol.LentUse.NOT_LENT;
        }
        if (data == lent && !lentTaken) {
            lentTaken = true;
            return WireProtocol.LentUse.TAKEN;
        }
        return WireProtocol.LentUse.MUST_COPY;
    }

    /** Goes on after {@link #payload} returned false; true once nothing is held back. */
    boolean resume() throws ProtocolException {
        return !decoding || extensions.resumeDecode(limits.maxMessageSize() - charged, this);
    }

    /** Before a decoder produces up to {@code bytes} more: whether there is memory to hold them. */
    @Override
    public boolean claim(int bytes) {
        return !assemble || reserveFor(size + (long) bytes, false);
    }

    /** Gives back what the message in progress holds: the connection is gone. */
    void release() {
        releaseReservation();
        if (exact != null && lendFrom != null) {
            lendFrom.release(exact);
        }
        exact = null;
        buffer = null;
        more = null;
        moreCount = 0;
        size = 0;
    }

    private void releaseReservation() {
        if (reserved != 0) {
            memory.release(reserved);
            reserved = 0;
        }
    }

    /** Fails a text message at its first byte that is not UTF-8, or at an end inside a character (1007). */
    private void checkUtf8(ByteBuffer chunk, boolean endOfMessage) throws ProtocolException {
        int failure;
        if (endOfMessage && !textOpen) {
            failure = Utf8Validator.validateWhole(chunk); // the whole message: no state to keep
        } else {
            if (!textOpen) {
                if (utf8 == null) {
                    utf8 = new Utf8Validator();
                } else {
                    utf8.reset();
                }
                textOpen = true;
            }
            failure = utf8.validate(chunk);
            if (failure < 0 && endOfMessage && !utf8.isComplete()) {
                failure = Utf8Validator.ENDS_INSIDE_A_CHARACTER;
            }
        }
        if (failure == Utf8Validator.ENDS_INSIDE_A_CHARACTER) {
            throw new ProtocolException(ProtocolError.INVALID_UTF8, "text message ends inside a character");
        }
        if (failure >= 0) {
            throw new ProtocolException(ProtocolError.INVALID_UTF8, "invalid UTF-8 in a text message");
        }
    }

    /**
     * Message bytes as the peer meant them, after any extension decoded them. (The assembler is
     * its extensions' sink itself, rather than holding a method reference per connection.)
     */
    @Override
    public void accept(ByteBuffer chunk, boolean endOfMessage) throws ProtocolException {
        if (decoding && assemble) {
            charged += chunk.remaining();
            if (charged > limits.maxMessageSize()) {
                throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
                        "message exceeds the limit of " + limits.maxMessageSize() + " bytes");
            }
        }
        if (type == Opcode.TEXT) {
            checkUtf8(chunk, endOfMessage);
        }
        if (!assemble) {
            events.onFragment(type, chunk, endOfMessage);
            return;
        }
        if (endOfMessage && size == 0) {
            deliver(chunk);
            return;
        }
        append(chunk);
        if (endOfMessage) {
            try {
                if (size <= buffer.length) {
                    deliver(ByteBuffer.wrap(buffer, 0, size));
                } else {
                    deliverWhole(gather());
                }
            } finally {
                // Handed to the listener: the message's bytes are no longer ours to count.
                size = 0;
                more = null;
                moreCount = 0;
                releaseReservation();
            }
        }
    }

    private void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (n == 0) {
            return;
        }
        if (!reserveFor(size + (long) n, false)) {
            // Every path here claimed room first (payload, or the decoder's claim for this piece).
            throw new IllegalStateException("message bytes arrived without memory claimed for them");
        }
        allocate(size + (long) n);
        int from = chunk.position();
        int at = size;
        while (n > 0) {
            byte[] into = at < buffer.length ? buffer : more[(at - CHUNK) / CHUNK];
            int offset = at < buffer.length ? at : (at - CHUNK) % CHUNK;
            int m = Math.min(n, into.length - offset);
            chunk.get(from, into, offset, m);
            from += m;
            at += m;
            n -= m;
        }
        size = at;
    }

    /**
     * Takes from the memory budget what the assembly buffer needs to hold {@code need} bytes
     * (it grows only as bytes arrive, in {@link #allocate}); false (nothing taken) if the budget
     * refuses.
     *
     * <p>Up to {@link #CHUNK} bytes the buffer is one array, grown as needed; past that, further
     * arrays of {@code CHUNK} bytes are added. A large message is so never copied to grow, never
     * held in an array twice its size, and does not ask the collector for a long run of free
     * memory until it is delivered (G1 cannot move arrays of half a region or more: many of
     * them growing at once fragment a small heap until a large allocation fails).
     *
     * @param sizeKnown whether the message's size so far is known from frame headers (plain
     *                  frames): then the whole frame is reserved at once (its memory taken as it
     *                  arrives), and a budget that cannot spare that much is not asked for less,
     *                  so that waiting messages do not each hold a part and starve one another
     */
    private boolean reserveFor(long need, boolean sizeKnown) {
        long capacity = capacity();
        if (need <= capacity && capacity <= reserved) {
            return true;
        }
        long planned = firstChunkFor(need) + (long) moreCount * CHUNK;
        if (need > planned) {
            planned += (need - planned + CHUNK - 1) / CHUNK * CHUNK;
        }
        return reserveUpTo(sizeKnown ? Math.max(planned, Math.min(charged, limits.maxMessageSize())) : planned);
    }

    /** Grows the assembly buffer to hold {@code need} bytes, within what {@link #reserveFor} took. */
    private void allocate(long need) {
        int first = firstChunkFor(need);
        if (buffer == null || first > buffer.length) {
            byte[] grown = new byte[first];
            if (buffer != null) {
                System.arraycopy(buffer, 0, grown, 0, Math.min(size, buffer.length));
            }
            buffer = grown;
        }
        while (capacity() < need) {
            if (more == null) {
                more = new byte[4][];
            } else if (moreCount == more.length) {
                more = java.util.Arrays.copyOf(more, moreCount * 2);
            }
            more[moreCount++] = new byte[CHUNK];
        }
    }

    private long capacity() {
        return (buffer == null ? 0 : buffer.length) + (long) moreCount * CHUNK;
    }

    /**
     * The first array's size for {@code need} bytes: what was charged for the frames seen so far
     * (for a small message in one frame split across reads that is its exact size, so there is
     * one allocation), else double, at most {@link #CHUNK}.
     */
    private int firstChunkFor(long need) {
        int now = buffer == null ? 0 : buffer.length;
        if (need <= now || now == CHUNK) {
            return now;
        }
        long wanted = Math.max(need, Math.max(Math.min(charged, CHUNK), now == 0 ? 256 : (long) now * 2));
        return (int) Math.min(wanted, CHUNK);
    }

    /** The message in one array of its exact size, made from the chunks, which are let go as they are copied. */
    private byte[] gather() {
        byte[] whole = new byte[size];
        System.arraycopy(buffer, 0, whole, 0, buffer.length);
        int at = buffer.length;
        for (int k = 0; k < moreCount; k++) {
            int m = Math.min(CHUNK, size - at);
            System.arraycopy(more[k], 0, whole, at, m);
            more[k] = null;
            at += m;
        }
        return whole;
    }

    private boolean reserveUpTo(long bytes) {
        if (bytes <= reserved) {
            return true;
        }
        if (!memory.tryReserve(bytes - reserved)) {
            return false;
        }
        reserved = bytes;
        return true;
    }

    /** Delivers a message gathered into an array of its own: binary messages get it without another copy. */
    private void deliverWhole(byte[] message) {
        if (type == Opcode.TEXT) {
            events.onText(new String(message, StandardCharsets.UTF_8));
        } else {
            events.onBinary(ByteBuffer.wrap(message));
        }
    }

    private void deliver(ByteBuffer message) {
        int n = message.remaining();
        if (type == Opcode.TEXT) {
            String text;
            if (message.hasArray()) {
                text = new String(message.array(), message.arrayOffset() + message.position(), n, StandardCharsets.UTF_8);
            } else {
                byte[] copy = new byte[n];
                message.get(message.position(), copy);
                text = new String(copy, StandardCharsets.UTF_8);
            }
            events.onText(text);
        } else {
            ByteBuffer copy = messageBuffer(n);
            copy.put(0, message, message.position(), n);
            deliverBinary(copy);
        }
    }
}
