package dev.weft.protocol.handshake;

import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;
import dev.weft.protocol.internal.http.TokenLists;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The server side of the opening handshake (RFC 6455 §4.2): checks an upgrade request and
 * writes the {@code 101} response. Protocol versions 13 and 8 differ only in the name of the
 * origin header, so the version is a field of the request, not a subclass.
 */
public final class ServerHandshake {
    /** The {@code Sec-WebSocket-Version} values weft speaks, as sent in a 426 answer (§4.4). */
    public static final String SUPPORTED_VERSIONS = "13, 8";

    private ServerHandshake() {
    }

    /**
     * Whether the request asks to upgrade to WebSocket at all ({@code Upgrade: websocket}).
     * A request that does not is plain HTTP, for the application or a 426/404 answer.
     *
     * @param head the request head
     * @return true if the request asks for a WebSocket upgrade, valid or not
     */
    public static boolean isUpgradeRequest(RequestHead head) {
        return head.fields().hasToken("Upgrade", "websocket");
    }

    /**
     * Checks an upgrade request against §4.2.1.
     *
     * @param head the request head
     * @return the request's parts that the server's answer and the application need
     * @throws HandshakeRejection with 405 for a method other than GET, 426 (with the supported
     *     versions) for a missing or unsupported version, and 400 for everything else that is wrong
     */
    public static UpgradeRequest validate(RequestHead head) throws HandshakeRejection {
        String host = checkUpgradeBasics(head);
        HttpFields f = head.fields();
        int version = version(f.all(HandshakeHeaders.VERSION));
        List<String> keys = f.all(HandshakeHeaders.KEY);
        if (keys.size() != 1 || !AcceptKey.isValidKey(keys.get(0))) {
            throw reject(keys.isEmpty() ? "missing Sec-WebSocket-Key"
                    : "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
        }
        List<String> subprotocols = f.tokens(HandshakeHeaders.PROTOCOL);
        for (String p : subprotocols) {
            if (!TokenLists.isToken(p)) {
                throw reject("Sec-WebSocket-Protocol holds a value that is not a token");
            }
        }
        List<ExtensionOffer> extensions;
        try {
            List<String> values = f.all(HandshakeHeaders.EXTENSIONS);
            extensions = values.isEmpty() ? List.of() : ExtensionHeader.parse(values);
        } catch (HttpParseException e) {
            throw reject(e.getMessage());
        }
        String origin = f.first(version == 8 ? HandshakeHeaders.ORIGIN_V8 : HandshakeHeaders.ORIGIN);
        return new UpgradeRequest(head, keys.get(0), version, host, origin, subprotocols, extensions);
    }

    /**
     * The checks every WebSocket upgrade shares, RFC 6455's and the legacy drafts' alike: GET,
     * HTTP/1.1, one Host with a value, {@code Upgrade: websocket} and {@code Connection: Upgrade}.
     *
     * @param head the request head
     * @return the {@code Host} value
     * @throws HandshakeRejection 405 for a method other than GET, 400 for the rest
     */
    public static String checkUpgradeBasics(RequestHead head) throws HandshakeRejection {
        HttpFields f = head.fields();
        if (!head.method().equals("GET")) {
            throw new HandshakeRejection(405, HttpFields.builder().add("Allow", "GET").build(),
                    "the upgrade must use GET, not " + head.method());
        }
        if (!head.version().equals("HTTP/1.1")) {
            throw reject("the upgrade needs HTTP/1.1, not " + head.version());
        }
        List<String> hosts = f.all("Host");
        if (hosts.size() != 1 || hosts.get(0).isEmpty()) {
            throw reject(hosts.isEmpty() ? "missing Host" : "Host must appear once, with a value");
        }
        if (!isUpgradeRequest(head)) {
            throw reject("Upgrade must name websocket");
        }
        if (!f.hasToken("Connection", "Upgrade")) {
            throw reject("Connection must include the Upgrade token");
        }
        return hosts.get(0);
    }

    private static int version(List<String> values) throws HandshakeRejection {
        if (values.size() == 1) {
            String v = values.get(0);
            if (v.equals("13")) {
                return 13;
            }
            if (v.equals("8")) {
                return 8;
            }
        }
        // §4.4: answer with the versions this server understands.
        throw new HandshakeRejection(426,
                HttpFields.builder().add(HandshakeHeaders.VERSION, SUPPORTED_VERSIONS).build(),
                values.isEmpty() ? "missing Sec-WebSocket-Version" : "unsupported Sec-WebSocket-Version " + values);
    }

    private static HandshakeRejection reject(String message) {
        return new HandshakeRejection(400, HttpFields.empty(), message);
    }

    /**
     * The {@code 101 Switching Protocols} response accepting {@code request} (§4.2.2).
     *
     * @param request the validated request
     * @param subprotocol the chosen subprotocol, one the client offered, or {@code null}
     * @param extensions  the accepted extensions with their response parameters, possibly empty
     * @param extra       more headers, such as {@code Set-Cookie}
     * @return the response head to send
     * @throws IllegalArgumentException if {@code subprotocol} was not offered
     */
    public static ResponseHead accept(UpgradeRequest request, @Nullable String subprotocol, List<ExtensionOffer> extensions,
                                      HttpFields extra) {
        HttpFields.Builder b = HttpFields.builder()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add(HandshakeHeaders.ACCEPT, AcceptKey.of(request.key()));
        if (subprotocol != null) {
            if (!request.subprotocols().contains(subprotocol)) {
                throw new IllegalArgumentException("subprotocol " + subprotocol + " was not offered");
            }
            b.add(HandshakeHeaders.PROTOCOL, subprotocol);
        }
        if (!extensions.isEmpty()) {
            b.add(HandshakeHeaders.EXTENSIONS, ExtensionHeader.format(extensions));
        }
        b.addAll(extra);
        return ResponseHead.of(101, b.build());
    }
}
