package dev.weft.protocol.extension;

import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.frame.Opcode;

import java.nio.ByteBuffer;

/**
 * One negotiated extension on one connection: a codec that transforms whole messages, or the
 * stream of their fragments, in both directions (RFC 6455 §9). Built by a
 * {@link ServerExtensionFactory} or {@link ClientExtensionFactory} once the handshake agreed on
 * it, and closed (resources such as zlib contexts released) when the connection ends, however
 * it ends.
 *
 * <p>Data flows in negotiation order when sending and in reverse order when receiving. The
 * connection calls these methods on its own thread only.
 */
public interface Extension extends AutoCloseable {
    /** Where a codec writes what it produced. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes the next piece of output, lent for the call.
         *
         * @param data the output, between its position and limit; it is reused once the call
         *     returns
         * @param last whether this piece ends the message
         * @throws ProtocolException if the receiver finds the output breaks the protocol (invalid
         *     UTF-8 in a text message, or a message over the limit)
         */
        void accept(ByteBuffer data, boolean last) throws ProtocolException;

        /**
         * Asks, before producing up to {@code bytes} more output, whether there is memory to
         * take it. A decoder that hears false stops where it is and returns false from
         * {@link #decode} or {@link #resumeDecode}, to go on later. Always true by default.
         *
         * @param bytes the most output the decoder may produce before asking again
         * @return true if the decoder may go on; false if it must stop and keep its place
         */
        default boolean claim(int bytes) {
            return true;
        }
    }

    /** Where an encoder writes what it produced: the connection's own frames, which cannot fail. */
    @FunctionalInterface
    interface Output {
        /**
         * Takes the next piece of encoded output, lent for the call.
         *
         * @param data the output, between its position and limit; it is reused once the call
         *     returns
         * @param last whether this piece ends the message
         */
        void accept(ByteBuffer data, boolean last);
    }

    /**
     * The extension's registered name, such as {@code permessage-deflate}.
     *
     * @return the name, as it appears in {@code Sec-WebSocket-Extensions}
     */
    String name();

    /**
     * The RSV bits this extension gives meaning to ({@code FrameParser.RSV1} and so on). Two
     * extensions on one connection may not share a bit.
     *
     * @return the RSV bits, as a number 0–7 whose bits match the frame header's RSV1–RSV3
     */
    int rsvBits();

    /**
     * Looks at an incoming data frame's RSV bits.
     *
     * @param rsv        the frame's three RSV bits
     * @param firstFrame whether the frame starts a message
     * @return for a first frame, whether this extension decodes the message
     * @throws ProtocolException if the bits are used against the extension's rules (1002)
     */
    boolean incoming(int rsv, boolean firstFrame) throws ProtocolException;

    /**
     * Decodes part of an incoming message that {@link #incoming} claimed.
     *
     * <p>A decoder whose output can be much larger than its input (an inflater) asks
     * {@link Sink#claim} before producing each piece. When the sink refuses, it stops: the bytes
     * of {@code in} it has not taken stay between {@code in}'s position and limit (they will be
     * offered again, with the same {@code last}), it keeps what it has taken but not yet put out,
     * and it returns false. Before any new input, the caller then calls {@link #resumeDecode}
     * until it returns true.
     *
     * @param in     the next bytes, lent for the call; read them through its position, which must
     *     end past every byte taken
     * @param last   whether they end the message
     * @param budget how many decoded bytes the message may still grow by; producing more must stop
     *     at once with a 1009 {@code ProtocolException}
     * @param out where the decoded bytes go
     * @return true if all of {@code in} was taken and decoded; false if the decoder stopped because
     *     the sink refused a claim
     * @throws ProtocolException if the input cannot be decoded (1007 for corrupt compressed data)
     *     or the output breaks a limit
     */
    boolean decode(ByteBuffer in, boolean last, long budget, Sink out) throws ProtocolException;

    /**
     * Goes on after {@link #decode} returned false: puts out what was taken but not yet decoded
     * (finishing the message if its last input was taken), asking the sink's claims again.
     *
     * @param budget the bytes the message may still grow by before it breaks its limit
     * @param out where the decoded bytes go
     * @return true once nothing is held back, false if the sink refused again
     * @throws ProtocolException if the held-back input cannot be decoded or the output breaks a
     *     limit
     */
    default boolean resumeDecode(long budget, Sink out) throws ProtocolException {
        return true;
    }

    /**
     * Decides whether to encode an outgoing message.
     *
     * @param type   text or binary
     * @param length the message's length if known in full, or -1 for one sent fragment by fragment
     * @param wanted false if the sender asked for this message not to be encoded
     * @return true to encode the message, false to send it as it is
     */
    boolean encodes(Opcode type, long length, boolean wanted);

    /**
     * The RSV bits to set on the first frame of a message this extension encoded.
     *
     * @return the RSV bits, as a number 0–7
     */
    int rsvForEncoded();

    /**
     * Encodes part of an outgoing message that {@link #encodes} accepted.
     *
     * @param in the message's next bytes, between its position and limit, lent for the call
     * @param last whether these bytes end the message
     * @param out where the encoded bytes go
     */
    void encode(ByteBuffer in, boolean last, Output out);

    /**
     * The encoder a message published to many connections may be encoded with once for all that
     * share it: its output depends on the message alone. A codec that keeps state between
     * messages may have one too, if it can carry on after {@link #sharedMessageSent()}.
     *
     * @return the shared encoder, or null (the default) if every message must be encoded here
     */
    default @org.jspecify.annotations.Nullable SharedEncoder sharedEncoder() {
        return null;
    }

    /**
     * A message that {@link #sharedEncoder()} encoded was sent on this connection, in its place
     * among this codec's own messages; called before the next of them is encoded. The peer's
     * decoder has taken that message in, so a codec that keeps state between messages must not
     * encode the next one as if it were absent (permessage-deflate with context takeover starts
     * its next message from a fresh context). Does nothing by default.
     */
    default void sharedMessageSent() {
    }

    /** Releases what the codec holds. Called once, when the connection ends. */
    @Override
    void close();
}
