package dev.weft.transport;

import dev.weft.WebSocketListener;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;

import java.util.List;
import java.util.Map;

/**
 * What a server does with a request head: upgrade the connection (the 101 response, and who
 * listens to the new WebSocket) or answer with a plain HTTP response and close.
 *
 * @param response    the response head to write
 * @param body        the response body, for a plain answer; empty for an upgrade
 * @param listener    the listener of the new connection, or {@code null} for a plain answer
 * @param request     the request being answered
 * @param subprotocol the chosen subprotocol, or {@code null}
 * @param extensions  the accepted extensions' response entries
 * @param codecs      the accepted extensions' codecs for the connection, in the same order
 * @param attachment  the object to attach to the new connection, or {@code null}
 * @param pathParameters the endpoint path's named segments
 */
public record ServerAnswer(ResponseHead response, byte[] body, WebSocketListener listener, RequestHead request,
                           String subprotocol, List<ExtensionOffer> extensions, List<Extension> codecs,
                           Object attachment, Map<String, String> pathParameters) {
    /** An upgrade to WebSocket. */
    public static ServerAnswer upgrade(ResponseHead response, WebSocketListener listener, RequestHead request,
                                       String subprotocol, List<ExtensionOffer> extensions, List<Extension> codecs,
                                       Object attachment, Map<String, String> pathParameters) {
        return new ServerAnswer(response, new byte[0], listener, request, subprotocol, extensions, codecs, attachment,
                pathParameters);
    }

    /** A plain HTTP answer, after which the connection closes. */
    public static ServerAnswer respond(ResponseHead response, byte[] body) {
        return new ServerAnswer(response, body, null, null, null, List.of(), List.of(), null, Map.of());
    }

    /** Whether this answer upgrades the connection. */
    public boolean isUpgrade() {
        return listener != null;
    }
}
