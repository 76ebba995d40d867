package dev.weft;

/** The two kinds of WebSocket data message (RFC 6455 §5.6). */
public enum MessageType {
    /** UTF-8 text, validated on receipt. */
    TEXT,
    /** Arbitrary bytes. */
    BINARY
}
