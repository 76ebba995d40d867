/**
 * weft's transport-free RFC 6455 core (and the legacy drafts' framing): frames, masking, UTF-8 validation, HTTP/1.1 heads,
 * the opening and closing handshakes. It owns no threads, sockets or clocks; it is given
 * bytes and calls, and answers with events and bytes.
 *
 * <p>The exported packages are weft's protocol API: the connection state machine
 * ({@code dev.weft.protocol}), the frame codec, close codes, HTTP heads, the opening handshake,
 * the extension SPI and permessage-deflate. Packages named {@code internal} are exported only to
 * weft's own modules and may change in any release.
 */
module dev.weft.protocol {
    requires static org.jspecify;

    exports dev.weft.protocol;
    exports dev.weft.protocol.frame;
    exports dev.weft.protocol.close;
    exports dev.weft.protocol.http;
    exports dev.weft.protocol.handshake;
    exports dev.weft.protocol.extension;
    exports dev.weft.protocol.deflate;

    // What only weft's own modules use: not part of the API, free to change in any release.
    exports dev.weft.protocol.internal.http to dev.weft;
    exports dev.weft.protocol.internal.text to dev.weft;
    exports dev.weft.protocol.internal.legacy to dev.weft;
}
