/**
 * weft's connection API: {@link dev.weft.WebSocket} (what an application does with a connection),
 * {@link dev.weft.WebSocketListener} (what it hears), and the configuration shared by servers and
 * clients. Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft;

import org.jspecify.annotations.NullMarked;
