package dev.weft.protocol;

/**
 * What a connection does with a message from its peer that is over the message limit, or
 * arrives in a frame over the frame limit.
 */
public enum OversizedMessages {
    /** Fail the connection with 1009 (message too big), as RFC 6455 §7.4.1 suggests: the default. */
    CLOSE,
    /**
     * Drop the message and keep the connection: the rest of its frames are read and thrown away
     * as they arrive (nothing of it is held), and the next message is received as usual. Applies
     * to uncompressed messages that are assembled whole; a compressed (permessage-deflate)
     * message over the limit still fails with 1009, since skipping it would put the inflater out
     * of step with the peer's compressor (context takeover, what browsers and ws negotiate), and
     * inflating it only to drop it would spend what the limit is there to save. So does a frame
     * over the frame limit when fragments are passed through as they arrive, since part of its
     * message has already been delivered.
     */
    DISCARD
}
