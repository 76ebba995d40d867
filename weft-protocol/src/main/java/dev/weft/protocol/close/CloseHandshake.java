package dev.weft.protocol.close;

/**
 * Where a connection stands in the closing handshake (RFC 6455 §7), named after which half
 * of the conversation is shut rather than as a pair of booleans.
 *
 * <pre>
 *            we send close                    peer's close arrives
 *   OPEN ─────────────────────▶ OUTPUT_SHUT ─────────────────────▶ CLOSED
 *     │  peer's close arrives                        (we echo it at once)
 *     └─────────────────────────────────────────────────────────────▶ CLOSED
 *     │  we fail the connection (§7.1.7): close frame sent, input discarded
 *     └─────────────────────────────────────────────────────────────▶ FAILED
 * </pre>
 *
 * weft answers a peer's close frame as soon as it is parsed, so the state in which only the
 * input is shut is never observable.
 */
public enum CloseHandshake {
    /** Both directions open: data may be sent and received. */
    OPEN,
    /** We sent a close frame and wait for the peer's; data from the peer is still delivered. */
    OUTPUT_SHUT,
    /** Both close frames have been exchanged; only the TCP close remains. */
    CLOSED,
    /** We failed the connection: a close frame went out and every further input byte is discarded. */
    FAILED;

    /**
     * Whether data and control frames other than close may still be sent.
     *
     * @return false once this side has sent its close frame
     */
    public boolean canSend() {
        return this == OPEN;
    }

    /**
     * Whether frames from the peer are still parsed and delivered.
     *
     * @return false once the peer's close frame has arrived or the connection failed
     */
    public boolean canReceive() {
        return this == OPEN || this == OUTPUT_SHUT;
    }
}
