/**
 * The extension SPI (RFC 6455 §9): factories that negotiate an extension on each side, the codec
 * each connection gets, and the chain that runs several in order. Everything here is non-null
 * unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol.extension;

import org.jspecify.annotations.NullMarked;
