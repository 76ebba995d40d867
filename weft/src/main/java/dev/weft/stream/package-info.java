/**
 * A connection as a pair of byte streams, for code written against {@code InputStream} and {@code
 * OutputStream}. Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.stream;

import org.jspecify.annotations.NullMarked;
