/**
 * The WebSocket client: {@link dev.weft.client.WebSocketClient}, per-connection options, and HTTP
 * proxies. Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.client;

import org.jspecify.annotations.NullMarked;
