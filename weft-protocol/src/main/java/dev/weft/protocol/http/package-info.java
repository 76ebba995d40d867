/**
 * HTTP/1.1 heads as the opening handshake needs them: a strict incremental parser, header fields,
 * request and response heads, and the limits that bound them. Everything here is non-null unless
 * marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol.http;

import org.jspecify.annotations.NullMarked;
