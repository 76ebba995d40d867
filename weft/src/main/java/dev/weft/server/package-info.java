/**
 * The WebSocket server: {@link dev.weft.server.WebSocketServer}, its endpoints and router,
 * handshake interceptors and upgrade decisions, and plain HTTP answers. Everything here is non-
 * null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.server;

import org.jspecify.annotations.NullMarked;
