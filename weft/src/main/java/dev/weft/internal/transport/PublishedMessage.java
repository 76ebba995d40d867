package dev.weft.internal.transport;

import dev.weft.protocol.extension.SharedEncoder;
import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.Role;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One published message as its subscribers get it: the plain frame, encoded once for all, and
 * each {@link SharedEncoder}'s frame (compressed, say), made by the first subscriber that needs
 * it and kept for the others, so a publish compresses once per encoder, not once per
 * subscriber. Each frame is charged once to the outbound budget and held by a
 * {@link SharedFrame} until the last queue that took it is done.
 */
final class PublishedMessage {
    private static final FrameEncoder ENCODER = new FrameEncoder(Role.SERVER, null);

    /** A frame every subscriber of one kind queues a view of, and its hold on the budget. */
    record Frame(ByteBuffer bytes, SharedFrame shared) {
    }

    final Frame plain;
    final long payloadSize;
    private final Opcode type;
    private final MemoryLedger ledger;
    /** Encoders seen so far and their frames (null: the encoder sends this message as it is, or no budget); few per server. */
    private final List<SharedEncoder> encoders = new ArrayList<>(2);
    private final List<Frame> encoded = new ArrayList<>(2);
    /** The message as a {@code text/event-stream} event, made for the first event stream subscribed; null until then. */
    private Frame event;
    private boolean eventMade;

    /**
     * @param frame the whole plain frame, read-only, already charged to the ledger
     */
    PublishedMessage(ByteBuffer frame, long payloadSize, Opcode type, MemoryLedger ledger) {
        this.plain = new Frame(frame, new SharedFrame(ledger, frame.remaining()));
        this.payloadSize = payloadSize;
        this.type = type;
        this.ledger = ledger;
    }

    /** The frame for a subscriber with this encoder (null for none): the plain one unless the encoder makes its own. */
    Frame frameFor(SharedEncoder encoder) {
        if (encoder == null) {
            return plain;
        }
        synchronized (this) {
            int i = encoders.indexOf(encoder);
            if (i < 0) {
                encoders.add(encoder);
                encoded.add(encode(encoder));
                i = encoders.size() - 1;
            }
            Frame f = encoded.get(i);
            return f == null ? plain : f;
        }
    }

    private Frame encode(SharedEncoder encoder) {
        ByteBuffer whole = plain.bytes().duplicate();
        whole.position(whole.limit() - (int) payloadSize);
        ByteBuffer payload = encoder.encodeMessage(type, whole);
        if (payload == null) {
            return null;
        }
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(ENCODER.headerSize(length) + length);
        ENCODER.writeHeader(frame, true, encoder.rsv(), type, length);
        frame.put(payload).flip();
        if (!ledger.reserveOutbound(frame.remaining(), false)) {
            return null; // no budget for a second copy: these subscribers get the plain frame
        }
        return new Frame(frame.asReadOnlyBuffer(), new SharedFrame(ledger, frame.remaining()));
    }

    /**
     * The message as event streams get it: a {@code message} event of the text, made once for
     * all of them; null for a binary message (streams carry text) or without budget for it.
     */
    synchronized Frame eventFrame() {
        if (!eventMade) {
            eventMade = true;
            if (type == Opcode.TEXT) {
                ByteBuffer payload = plain.bytes().duplicate();
                payload.position(payload.limit() - (int) payloadSize);
                byte[] bytes = dev.weft.sse.ServerSentEvent.of(java.nio.charset.StandardCharsets.UTF_8.decode(payload)
                        .toString()).encode();
                if (ledger.reserveOutbound(bytes.length, false)) {
                    event = new Frame(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), new SharedFrame(ledger, bytes.length));
                }
            }
        }
        return event;
    }

    /** The publish has been handed to every subscriber: the queues now hold the frames alone. */
    synchronized void letGo() {
        if (event != null) {
            event.shared().letGo();
        }
        plain.shared().letGo();
        for (Frame f : encoded) {
            if (f != null) {
                f.shared().letGo();
            }
        }
    }
}
