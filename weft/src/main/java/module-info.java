/**
 * weft: a WebSocket server and client on non-blocking NIO. Start with
 * {@link dev.weft.server.WebSocketServer} or {@link dev.weft.client.WebSocketClient}; both hand
 * out {@link dev.weft.WebSocket} connections and report to a {@link dev.weft.WebSocketListener}.
 */
module dev.weft {
    requires transitive dev.weft.protocol;
    requires static org.jspecify;

    exports dev.weft;
    exports dev.weft.server;
    exports dev.weft.client;
    exports dev.weft.stream;
    exports dev.weft.topic;
    exports dev.weft.sse;
    exports dev.weft.flow;

    // dev.weft.internal.transport (event loops, connections, sessions) is weft's own: exported
    // only to weft's integration modules, which drive a session over their own link.
    exports dev.weft.internal.transport to dev.weft.servlet;
}
