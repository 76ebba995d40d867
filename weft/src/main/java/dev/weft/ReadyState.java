package dev.weft;

/** Where a connection is in its life, named as the browser API names it. */
public enum ReadyState {
    /** The opening handshake is under way. */
    CONNECTING,
    /** Messages flow both ways. */
    OPEN,
    /** A close frame was sent or received; the connection is winding down. */
    CLOSING,
    /** The TCP connection is gone. */
    CLOSED
}
