/**
 * Close codes (RFC 6455 §7.4 and the IANA registry), close frame payloads, and where a closing
 * handshake stands. Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol.close;

import org.jspecify.annotations.NullMarked;
