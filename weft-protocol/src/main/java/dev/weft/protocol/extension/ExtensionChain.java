package dev.weft.protocol.extension;

import dev.weft.protocol.ProtocolError;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.frame.Opcode;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A connection's negotiated extensions in negotiation order: encodes outgoing messages through
 * each in that order, decodes incoming ones in reverse, and refuses a frame whose RSV bits no
 * extension claimed.
 */
public final class ExtensionChain implements AutoCloseable {
    private static final ExtensionChain EMPTY = new ExtensionChain(List.of());

    private final Extension[] extensions;
    private final int rsvBits;
    private final boolean[] decoding;
    private final boolean[] encoding;

    /**
     *
     * @param extensions the negotiated extensions, in the order the handshake agreed them
     * @throws IllegalArgumentException if two extensions claim the same RSV bit
     */
    public ExtensionChain(List<Extension> extensions) {
        this.extensions = extensions.toArray(new Extension[0]);
        int bits = 0;
        for (Extension e : this.extensions) {
            if ((bits & e.rsvBits()) != 0) {
                throw new IllegalArgumentException(e.name() + " claims an RSV bit another extension already uses");
            }
            bits |= e.rsvBits();
        }
        this.rsvBits = bits;
        this.decoding = new boolean[this.extensions.length];
        this.encoding = new boolean[this.extensions.length];
    }

    /**
     * No extensions.
     *
     * @return a chain that decodes and encodes nothing
     */
    public static ExtensionChain empty() {
        return EMPTY;
    }

    /**
     * Whether there are no extensions.
     *
     * @return true when the handshake agreed no extension
     */
    public boolean isEmpty() {
        return extensions.length == 0;
    }

    /**
     * The RSV bits the chain's extensions own, for the frame parser.
     *
     * @return the RSV bits as a number 0–7; a frame with any other RSV bit set is a protocol error
     */
    public int rsvBits() {
        return rsvBits;
    }

    /**
     * Looks at an incoming data frame's RSV bits; for a first frame, decides which extensions
     * decode the message.
     *
     * @param rsv the frame's RSV bits, as a number 0–7
     * @param firstFrame whether the frame starts a message
     * @return whether any extension decodes the message (for a first frame; else unchanged)
     * @throws ProtocolException 1002 if an RSV bit is set that no extension owns, or one set on a
     *     continuation frame
     */
    public boolean incoming(int rsv, boolean firstFrame) throws ProtocolException {
        boolean any = false;
        for (int i = 0; i < extensions.length; i++) {
            boolean claims = extensions[i].incoming(rsv, firstFrame);
            if (firstFrame) {
                decoding[i] = claims;
                any |= claims;
            }
        }
        if ((rsv & ~rsvBits) != 0) {
            throw new ProtocolException(ProtocolError.RESERVED_BITS, "rsv bits " + rsv + " not negotiated");
        }
        return any;
    }

    /**
     * Decodes part of the current incoming message through the extensions that claimed it, last
     * to first. Only the extension that decodes last (nearest to {@code out}) hears
     * {@code out}'s claims and may stop for memory (see {@link Extension#decode}); one that feeds
     * another extension is never stopped, so with two decoding extensions on one message memory
     * is bounded by the message limit alone.
     *
     * @param in the frame payload's next bytes, unmasked, lent for the call
     * @param last whether these bytes end the message
     * @param budget the bytes the message may still grow by before it breaks its limit
     * @param out where the decoded bytes go
     * @return false if decoding stopped for memory; call {@link #resumeDecode} before any new input
     * @throws ProtocolException if an extension cannot decode the input or the output breaks a
     *     limit
     */
    public boolean decode(ByteBuffer in, boolean last, long budget, Extension.Sink out) throws ProtocolException {
        return decodeFrom(extensions.length - 1, in, last, budget, out);
    }

    /**
     * Goes on after {@link #decode} returned false; true once nothing is held back.
     *
     * @param budget the bytes the message may still grow by before it breaks its limit
     * @param out where the decoded bytes go
     * @return true once nothing is held back, false if memory was refused again
     * @throws ProtocolException if an extension cannot decode what it held back, or the output
     *     breaks a limit
     */
    public boolean resumeDecode(long budget, Extension.Sink out) throws ProtocolException {
        int i = innermostDecoder();
        return i < 0 || extensions[i].resumeDecode(budget, out);
    }

    private int innermostDecoder() {
        for (int i = 0; i < extensions.length; i++) {
            if (decoding[i]) {
                return i;
            }
        }
        return -1;
    }

    private boolean decodeFrom(int i, ByteBuffer in, boolean last, long budget, Extension.Sink out) throws ProtocolException {
        while (i >= 0 && !decoding[i]) {
            i--;
        }
        if (i < 0) {
            out.accept(in, last);
            return true;
        }
        int next = i - 1;
        if (i == innermostDecoder()) {
            return extensions[i].decode(in, last, budget, out);
        }
        // An outer extension feeds the next one in; its output cannot wait, so claims pass.
        return extensions[i].decode(in, last, budget, (data, end) -> decodeFrom(next, data, end, budget, out));
    }

    /**
     * Decides, for an outgoing message, which extensions encode it.
     *
     * @param type text or binary
     * @param length the message's length if known in full, or -1 for one sent fragment by fragment
     * @param wanted false if the sender asked for this message not to be encoded
     * @return the RSV bits to set on its first frame
     */
    public int outgoing(Opcode type, long length, boolean wanted) {
        int rsv = 0;
        for (int i = 0; i < extensions.length; i++) {
            encoding[i] = extensions[i].encodes(type, length, wanted);
            if (encoding[i]) {
                rsv |= extensions[i].rsvForEncoded();
            }
        }
        return rsv;
    }

    /**
     * Whether any extension encodes the current outgoing message (decided by {@link #outgoing}).
     *
     * @return true if {@link #encode} must be called for the message's bytes
     */
    public boolean isEncoding() {
        for (boolean e : encoding) {
            if (e) {
                return true;
            }
        }
        return false;
    }

    /**
     * Encodes part of the current outgoing message through the extensions that took it, first to last.
     *
     * @param in the message's next bytes, between its position and limit, lent for the call
     * @param last whether these bytes end the message
     * @param out where the encoded bytes go
     */
    public void encode(ByteBuffer in, boolean last, Extension.Output out) {
        encodeFrom(0, in, last, out);
    }

    private void encodeFrom(int i, ByteBuffer in, boolean last, Extension.Output out) {
        while (i < extensions.length && !encoding[i]) {
            i++;
        }
        if (i == extensions.length) {
            out.accept(in, last);
            return;
        }
        int next = i + 1;
        extensions[i].encode(in, last, (data, end) -> encodeFrom(next, data, end, out));
    }

    /**
     * The encoder whole messages may share with other connections: the one extension's, when it
     * is the only one and has one; else null.
     *
     * @return the shared encoder, or null
     */
    public @org.jspecify.annotations.Nullable SharedEncoder sharedEncoder() {
        return extensions.length == 1 ? extensions[0].sharedEncoder() : null;
    }

    /** A message {@link #sharedEncoder()} encoded was sent: tells the extension that made it (see {@link Extension#sharedMessageSent()}). */
    public void sharedMessageSent() {
        if (extensions.length == 1) {
            extensions[0].sharedMessageSent();
        }
    }

    /** Closes every extension, even if one fails. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Extension e : extensions) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
