/**
 * Server-sent events (the HTML standard's {@code EventSource}) on the same server and port as
 * the WebSockets, as faye-websocket offers beside its WebSocket: mount an
 * {@link dev.weft.sse.EventStreamEndpoint} with
 * {@link dev.weft.server.WebSocketServer.Builder#eventStream}, and each browser
 * {@code new EventSource(url)} becomes an {@link dev.weft.sse.EventStream} that the application
 * sends {@link dev.weft.sse.ServerSentEvent}s on, with the same send futures, watermarks, caps
 * and topics as a WebSocket.
 */
@NullMarked
package dev.weft.sse;

import org.jspecify.annotations.NullMarked;
