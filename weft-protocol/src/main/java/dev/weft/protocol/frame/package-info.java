/**
 * The frame codec: a resumable frame parser, the frame encoder, masking and masking keys (RFC 6455
 * §5). Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol.frame;

import org.jspecify.annotations.NullMarked;
