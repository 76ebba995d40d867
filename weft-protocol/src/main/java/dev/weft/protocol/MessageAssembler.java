package dev.weft.protocol;

import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the payload of data frames into messages (RFC 6455 §5.4): checks text as UTF-8 as each
 * piece arrives, so invalid text fails at its first bad byte (§8.1), charges every piece
 * against the message limit before buffering it, and either assembles whole messages or
 * passes pieces through as they come.
 *
 * <p>A message that arrives as one frame within one read is delivered straight from the read
 * buffer; only fragmented or split messages are copied into the assembly buffer, which grows
 * as needed and is dropped after a large message so an idle connection holds no big array.
 */
final class MessageAssembler implements Extension.Sink {
    /** An assembly buffer larger than this is let go after its message, not kept for the next. */
    private static final int RETAINED_BUFFER = 64 * 1024;

    private final ProtocolEvents events;
    private final ExtensionChain extensions;
    private final MemoryBudget memory;
    private final boolean assemble;
    private final long maxMessageSize;
    private final int fragmentCost;
    private final Utf8Validator utf8 = new Utf8Validator();

    private Opcode type;
    private boolean finalFrame;
    private boolean decoding;
    private long charged;
    private byte[] buffer;
    private int size;
    /** Bytes of {@link #memory} this message holds: the assembly buffer's capacity, taken before it grows. */
    private long reserved;

    MessageAssembler(ProtocolLimits limits, boolean assemble, ProtocolEvents events, ExtensionChain extensions,
                     MemoryBudget memory) {
        this.events = events;
        this.extensions = extensions;
        this.memory = memory;
        this.assemble = assemble;
        this.maxMessageSize = limits.maxMessageSize();
        this.fragmentCost = limits.fragmentCost();
    }

    /** A data frame's header: the start of a message, or a continuation of the open one. */
    void frameStart(boolean fin, int rsv, Opcode opcode, long length) throws ProtocolException {
        boolean first = opcode != Opcode.CONTINUATION;
        if (first) {
            type = opcode;
            charged = 0;
            size = 0;
            utf8.reset();
        }
        if (!extensions.isEmpty()) {
            boolean claimed = extensions.incoming(rsv, first);
            if (first) {
                decoding = claimed;
            }
        }
        finalFrame = fin;
        if (assemble) {
            // Every frame costs at least fragmentCost: empty fragments cost the peer two bytes
            // each but still use up the budget, while large fragments are charged their size.
            // A decoded message is charged its decoded bytes as they come out instead, plus what
            // its short frames fall below the fragment cost, so empty compressed fragments still count.
            charged += decoding ? Math.max(0, fragmentCost - length) : Math.max(length, fragmentCost);
            if (charged > maxMessageSize) {
                throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
                        "message exceeds the limit of " + maxMessageSize + " bytes");
            }
        }
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
        if (decoding) {
            return extensions.decode(chunk, endOfMessage, maxMessageSize - charged, this);
        }
        if (assemble && !(endOfMessage && size == 0) && !ensureCapacity(size + (long) chunk.remaining(), true)) {
            return false;
        }
        accept(chunk, endOfMessage);
        return true;
    }

    /** Goes on after {@link #payload} returned false; true once nothing is held back. */
    boolean resume() throws ProtocolException {
        return !decoding || extensions.resumeDecode(maxMessageSize - charged, this);
    }

    /** Before a decoder produces up to {@code bytes} more: whether there is memory to hold them. */
    @Override
    public boolean claim(int bytes) {
        return !assemble || ensureCapacity(size + (long) bytes, false);
    }

    /** Gives back what the message in progress holds: the connection is gone. */
    void release() {
        releaseReservation();
        buffer = null;
        size = 0;
    }

    private void releaseReservation() {
        if (reserved != 0) {
            memory.release(reserved);
            reserved = 0;
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
            if (charged > maxMessageSize) {
                throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
                        "message exceeds the limit of " + maxMessageSize + " bytes");
            }
        }
        if (type == Opcode.TEXT) {
            if (utf8.validate(chunk) >= 0) {
                throw new ProtocolException(ProtocolError.INVALID_UTF8, "invalid UTF-8 in a text message");
            }
            if (endOfMessage && !utf8.isComplete()) {
                throw new ProtocolException(ProtocolError.INVALID_UTF8, "text message ends inside a character");
            }
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
                deliver(ByteBuffer.wrap(buffer, 0, size));
            } finally {
                // Handed to the listener: the message's bytes are no longer ours to count.
                size = 0;
                if (buffer.length > RETAINED_BUFFER) {
                    buffer = null;
                }
                releaseReservation();
            }
        }
    }

    private void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (n == 0) {
            return;
        }
        if (!ensureCapacity(size + (long) n, false)) {
            // Every path here claimed room first (payload, or the decoder's claim for this piece).
            throw new IllegalStateException("message bytes arrived without memory claimed for them");
        }
        chunk.get(chunk.position(), buffer, size, n);
        size += n;
    }

    /**
     * Makes the assembly buffer hold at least {@code need} bytes, taking its capacity from the
     * memory budget first; false (nothing changed) if the budget refuses.
     *
     * @param sizeKnown whether the message's size so far is known from frame headers (plain
     *                  frames): then the buffer is sized for the whole frame at once, and a budget
     *                  that cannot spare that much is not asked for less, so that waiting messages
     *                  do not each hold a part and starve one another
     */
    private boolean ensureCapacity(long need, boolean sizeKnown) {
        int capacity = buffer == null ? 0 : buffer.length;
        if (need <= capacity && capacity <= reserved) {
            return true;
        }
        long target = need <= capacity ? capacity : grownCapacity(need);
        if (!reserveUpTo(target)) {
            long least = Math.max(need, capacity);
            if (sizeKnown || least == target || !reserveUpTo(least)) {
                return false;
            }
            target = least;
        }
        if (target > capacity) {
            byte[] grown = new byte[(int) target];
            if (buffer != null) {
                System.arraycopy(buffer, 0, grown, 0, size);
            }
            buffer = grown;
        }
        return true;
    }

    /**
     * The next capacity for at least {@code need} bytes: what was charged for the frames seen so
     * far (for a message in one frame split across reads that is its exact size, so there is one
     * allocation), else double, within the message limit.
     */
    private long grownCapacity(long need) {
        long target = Math.max(need, Math.min(charged, maxMessageSize));
        long doubled = buffer == null ? 256 : Math.min((long) buffer.length * 2, maxMessageSize);
        return Math.max(target, doubled);
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
            byte[] copy = new byte[n];
            message.get(message.position(), copy);
            events.onBinary(ByteBuffer.wrap(copy));
        }
    }
}
