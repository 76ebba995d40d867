/**
 * The opening handshake (RFC 6455 §4): the client's request and its checks of the response, the
 * server's validation of a request and its 101 answer, and the extension header's grammar.
 * Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol.handshake;

import org.jspecify.annotations.NullMarked;
