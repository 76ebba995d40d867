package dev.weft.protocol;

/**
 * A violation of RFC 6455 by the peer. It carries the {@link ProtocolError} that names the
 * rule broken and, through it, the close code the connection fails with.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The rule the peer broke. */
    private final ProtocolError error;

    /**
     * @param error the rule the peer broke
     * @param message what was seen, for logs; never sent to the peer
     */
    public ProtocolException(ProtocolError error, String message) {
        super(error.id() + ": " + message, null, false, false);
        this.error = error;
    }

    /**
     * The rule the peer broke.
     *
     * @return the error, which names the rule and the close code
     */
    public ProtocolError error() {
        return error;
    }

    /**
     * The close code to fail the connection with (1002, 1007 or 1009).
     *
     * @return the close code
     */
    public int closeCode() {
        return error.closeCode();
    }
}
