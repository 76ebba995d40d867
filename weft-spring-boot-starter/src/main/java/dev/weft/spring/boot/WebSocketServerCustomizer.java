package dev.weft.spring.boot;

import dev.weft.server.WebSocketServer;

/**
 * Adjusts the application's {@link WebSocketServer} before it is built: its configuration
 * (limits, timeouts, keepalive), extensions such as permessage-deflate, allowed origins through
 * interceptors, memory budgets. Declare one or more as beans; they run in their {@code @Order}.
 * The routes are mounted after them, and the server never gets a port of its own.
 */
@FunctionalInterface
public interface WebSocketServerCustomizer {
    /**
     * Adjusts the builder.
     *
     * @param builder the server's builder
     */
    void customize(WebSocketServer.Builder builder);
}
