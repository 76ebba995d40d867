package dev.weft;

/** An operation needed an open connection and found it closing or closed. */
public final class WebSocketClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was attempted */
    public WebSocketClosedException(String message) {
        super(message);
    }
}
