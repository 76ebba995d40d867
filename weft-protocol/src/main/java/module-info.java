/**
 * weft's transport-free RFC 6455 core (and the legacy drafts' framing): frames, masking, UTF-8 validation, HTTP/1.1 heads,
 * the opening and closing handshakes. It owns no threads, sockets or clocks; it is given
 * bytes and calls, and answers with events and bytes.
 */
module dev.weft.protocol {
    exports dev.weft.protocol;
    exports dev.weft.protocol.frame;
    exports dev.weft.protocol.text;
    exports dev.weft.protocol.close;
    exports dev.weft.protocol.http;
    exports dev.weft.protocol.handshake;
    exports dev.weft.protocol.extension;
    exports dev.weft.protocol.deflate;
    exports dev.weft.protocol.legacy;
}
