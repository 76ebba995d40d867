/**
 * permessage-deflate (RFC 7692): negotiation of its parameters and a pooled zlib codec. Everything
 * here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol.deflate;

import org.jspecify.annotations.NullMarked;
