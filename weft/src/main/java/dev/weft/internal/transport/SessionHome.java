package dev.weft.internal.transport;

import java.util.function.Consumer;

/**
 * What the WebSocket connections of one server, or of one client, have in common: the memory
 * budgets, the topics, whether a connection keeps its handshake request after onOpen, and who
 * hears that a connection is gone. One object for all of them, so each connection holds one
 * reference instead of four.
 *
 * @param ledger      the memory budgets shared by the connections
 * @param topics      the server's topics; null for a client's connections
 * @param keepRequest whether the opening request stays readable after onOpen returns
 * @param onGone      told when a connection is gone; null when nobody needs to be
 */
record SessionHome(MemoryLedger ledger, TopicRegistry topics, boolean keepRequest,
                   Consumer<WebSocketSession> onGone) {

    /** A client's: its budgets, no topics, requests kept, nobody to tell. */
    static SessionHome client(MemoryLedger ledger) {
        return new SessionHome(ledger, null, true, null);
    }
}
