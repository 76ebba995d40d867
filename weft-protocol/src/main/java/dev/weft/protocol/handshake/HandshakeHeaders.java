package dev.weft.protocol.handshake;

/** The names of the header fields the opening handshake uses (RFC 6455 §11.3). */
public final class HandshakeHeaders {
    /** {@code Sec-WebSocket-Key}: the client's nonce. */
    public static final String KEY = "Sec-WebSocket-Key";
    /** {@code Sec-WebSocket-Accept}: the server's proof it read the key. */
    public static final String ACCEPT = "Sec-WebSocket-Accept";
    /** {@code Sec-WebSocket-Version}: 13, or 8 for the last draft (hybi-08 through hybi-12). */
    public static final String VERSION = "Sec-WebSocket-Version";
    /** {@code Sec-WebSocket-Protocol}: offered and chosen subprotocols. */
    public static final String PROTOCOL = "Sec-WebSocket-Protocol";
    /** {@code Sec-WebSocket-Extensions}: offered and accepted extensions. */
    public static final String EXTENSIONS = "Sec-WebSocket-Extensions";
    /** {@code Origin}: the page's origin, sent by browsers with version 13. */
    public static final String ORIGIN = "Origin";
    /** {@code Sec-WebSocket-Origin}: version 8's name for the origin. */
    public static final String ORIGIN_V8 = "Sec-WebSocket-Origin";

    private HandshakeHeaders() {
    }
}
