package dev.weft.transport;

import dev.weft.protocol.http.RequestHead;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/** How a server decides what to do with each request head. Implemented by the server API. */
public interface ServerRoutes {
    /**
     * Decides, now or later, what to answer. Called on the connection's loop thread: a decision
     * that needs to wait (an authentication lookup) returns an unfinished stage rather than block.
     */
    CompletionStage<ServerAnswer> route(RequestHead head, InetSocketAddress remote);

    /** The answer for a request that is not valid HTTP, or that timed out. */
    ServerAnswer error(int status, String message);
}
