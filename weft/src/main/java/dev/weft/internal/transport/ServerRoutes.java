package dev.weft.internal.transport;

import dev.weft.protocol.http.RequestHead;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/** How a server decides what to do with each request head. Implemented by the server API. */
public interface ServerRoutes {
    /**
     * Decides, now or later, what to answer. Called on the connection's loop thread: a decision
     * that needs to wait (an authentication lookup) returns an unfinished stage rather than block.
     *
     * @param secure     whether the connection runs over TLS
     * @param legacyKey3 the eight bytes after a draft-76 request's head, or {@code null}
     * @param container  what a servlet container knows of the request; {@link ContainerContext#NONE} otherwise
     */
    CompletionStage<ServerAnswer> route(RequestHead head, InetSocketAddress remote, boolean secure, byte[] legacyKey3,
                                        ContainerContext container);

    /**
     * Whether legacy draft requests (hixie-75/76) are upgraded, so a draft-76 request's eight
     * bytes after the head must be read before routing it.
     */
    boolean speaksLegacyDrafts();

    /** The answer for a request that is not valid HTTP, or that timed out. */
    ServerAnswer error(int status, String message);
}
