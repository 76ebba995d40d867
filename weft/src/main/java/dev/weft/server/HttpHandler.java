package dev.weft.server;

import dev.weft.protocol.http.RequestHead;
import org.jspecify.annotations.Nullable;

import java.net.InetSocketAddress;

/**
 * Answers plain HTTP requests (ones that do not ask to upgrade) on a WebSocket server, for
 * example a page that opens the WebSocket. Runs on an event-loop thread: it must not block.
 * Return {@code null} to let the server answer as it would without a handler (426 on a
 * WebSocket path, 404 elsewhere).
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * The response to {@code request}, or {@code null} for the server's default.
     *
     * @param request the request head (a body, if any, is not read)
     * @param remote the TCP peer's address
     * @return the response, or {@code null} to let the server answer (404, or 426 on an endpoint's
     *     path)
     */
    @Nullable HttpResponse handle(RequestHead request, InetSocketAddress remote);
}
