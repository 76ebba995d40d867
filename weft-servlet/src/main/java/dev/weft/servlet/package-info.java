/**
 * weft's WebSocket endpoints inside a Jakarta Servlet 6 container: mount a
 * {@link dev.weft.servlet.WebSocketServlet} on the paths of a {@code WebSocketServer}'s endpoints.
 * Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.servlet;

import org.jspecify.annotations.NullMarked;
