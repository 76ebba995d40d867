package dev.weft.internal.transport;

import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;

import java.util.List;
import java.util.Map;

/**
 * What a server does with a request head: upgrade the connection (the 101 response, and who
 * listens to the new WebSocket), open an event stream on it, or answer with a plain HTTP
 * response and close.
 *
 * @param response    the response head to write
 * @param body        the bytes after the head: a plain answer's body, draft-76's challenge
 *                    answer, or empty
 * @param listener    the listener of the new connection, or {@code null} for a plain answer
 * @param request     the request being answered
 * @param subprotocol the chosen subprotocol, or {@code null}
 * @param extensions  the accepted extensions' response entries
 * @param codecs      the accepted extensions' codecs for the connection, in the same order
 * @param attachment  the object to attach to the new connection, or {@code null}
 * @param pathParameters the endpoint path's named segments
 * @param legacyVersion  75 or 76 for an upgrade to a legacy draft, 0 for RFC 6455
 * @param config         the endpoint's own configuration for the connection, or {@code null} for the server's
 * @param stream         what an accepted {@code EventSource} request opens, or {@code null}
 */
public record ServerAnswer(ResponseHead response, byte[] body, WebSocketListener listener, RequestHead request,
                           String subprotocol, List<ExtensionOffer> extensions, List<Extension> codecs,
                           Object attachment, Map<String, String> pathParameters, int legacyVersion,
                           WebSocketConfig config, EventStreamOpening stream) {
    /** An upgrade to WebSocket. */
    public static ServerAnswer upgrade(ResponseHead response, WebSocketListener listener, RequestHead request,
                                       String subprotocol, List<ExtensionOffer> extensions, List<Extension> codecs,
                                       Object attachment, Map<String, String> pathParameters, WebSocketConfig config) {
        return new ServerAnswer(response, new byte[0], listener, request, subprotocol, extensions, codecs, attachment,
                pathParameters, 0, config, null);
    }

    /** An upgrade to a legacy draft (hixie-75 or -76): no extensions, and -76's challenge answer after the head. */
    public static ServerAnswer legacyUpgrade(int version, ResponseHead response, byte[] challengeAnswer,
                                             WebSocketListener listener, RequestHead request, String subprotocol,
                                             Object attachment, Map<String, String> pathParameters,
                                             WebSocketConfig config) {
        return new ServerAnswer(response, challengeAnswer, listener, request, subprotocol, List.of(), List.of(),
                attachment, pathParameters, version, config, null);
    }

    /** A plain HTTP answer, after which the connection closes. */
    public static ServerAnswer respond(ResponseHead response, byte[] body) {
        return new ServerAnswer(response, body, null, null, null, List.of(), List.of(), null, Map.of(), 0, null, null);
    }

    /**
     * An event stream: the {@code 200 text/event-stream} head, the first bytes of the stream
     * (a {@code retry:} line, say), and what the stream is opened with; the connection stays open.
     */
    public static ServerAnswer eventStream(ResponseHead response, byte[] preamble, EventStreamOpening stream) {
        return new ServerAnswer(response, preamble, null, stream.request(), null, List.of(), List.of(), stream.attachment(),
                stream.pathParameters(), 0, null, stream);
    }

    /** Whether this answer upgrades the connection. */
    public boolean isUpgrade() {
        return listener != null;
    }
}
