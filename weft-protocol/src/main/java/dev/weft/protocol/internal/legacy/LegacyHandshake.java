package dev.weft.protocol.internal.legacy;

import dev.weft.protocol.handshake.HandshakeRejection;
import dev.weft.protocol.handshake.ServerHandshake;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The server side of the opening handshakes of the drafts before RFC 6455 that old browsers
 * spoke, as faye-websocket's server accepts them: draft-hixie-thewebsocketprotocol-75 and -76
 * (-76 is also hybi-00). Neither has a version header; -76 proves the server read the request
 * with a challenge: two keys in headers and eight bytes after the head, answered by the MD5
 * of the two keys' numbers and those bytes, sent after the response head.
 */
public final class LegacyHandshake {
    /** The bytes that follow a draft-76 request head. */
    public static final int KEY3_LENGTH = 8;

    private LegacyHandshake() {
    }

    /**
     * Whether {@code head} is a legacy upgrade: {@code Upgrade: WebSocket} without the
     * {@code Sec-WebSocket-Version} and {@code Sec-WebSocket-Key} every RFC 6455 client sends.
     */
    public static boolean isLegacyRequest(RequestHead head) {
        HttpFields f = head.fields();
        return f.hasToken("Upgrade", "websocket") && f.first("Sec-WebSocket-Version") == null
                && f.first("Sec-WebSocket-Key") == null;
    }

    /** Whether a legacy request is draft-76, whose head is followed by {@link #KEY3_LENGTH} bytes. */
    public static boolean isDraft76(RequestHead head) {
        return head.fields().first("Sec-WebSocket-Key1") != null || head.fields().first("Sec-WebSocket-Key2") != null;
    }

    /**
     * Checks a legacy upgrade request: what every upgrade needs
     * ({@link ServerHandshake#checkUpgradeBasics}), and for draft-76 two keys that each hold
     * digits divisible by their count of spaces.
     *
     * @return the request as an {@link UpgradeRequest} with version 75 or 76, no key and no extensions
     * @throws HandshakeRejection 405 for another method, 400 for anything else wrong
     */
    public static UpgradeRequest validate(RequestHead head) throws HandshakeRejection {
        String host = ServerHandshake.checkUpgradeBasics(head);
        HttpFields f = head.fields();
        int version = 75;
        if (isDraft76(head)) {
            keyNumber(f.first("Sec-WebSocket-Key1"), "Sec-WebSocket-Key1");
            keyNumber(f.first("Sec-WebSocket-Key2"), "Sec-WebSocket-Key2");
            version = 76;
        }
        String protocol = f.first(version == 76 ? "Sec-WebSocket-Protocol" : "WebSocket-Protocol");
        List<String> subprotocols = protocol == null || protocol.isEmpty() ? List.of() : List.of(protocol);
        return new UpgradeRequest(head, "", version, host, f.first("Origin"), subprotocols, List.of());
    }

    /**
     * The {@code 101} answering {@code request}: draft-75's or draft-76's reason phrase, and the
     * origin, location and protocol headers named the draft's way.
     *
     * @param secure      whether the connection runs over TLS ({@code wss:} in the location)
     * @param subprotocol the protocol the client asked for, echoed, or {@code null}
     * @param extra       more headers, such as {@code Set-Cookie}
     */
    public static ResponseHead accept(UpgradeRequest request, boolean secure, String subprotocol, HttpFields extra) {
        boolean draft76 = request.version() == 76;
        String prefix = draft76 ? "Sec-" : "";
        HttpFields.Builder b = HttpFields.builder().add("Upgrade", "WebSocket").add("Connection", "Upgrade");
        if (request.origin() != null) {
            b.add(prefix + "WebSocket-Origin", request.origin());
        }
        b.add(prefix + "WebSocket-Location", (secure ? "wss://" : "ws://") + request.host() + request.head().target());
        if (subprotocol != null) {
            b.add(prefix + "WebSocket-Protocol", subprotocol);
        }
        b.addAll(extra);
        return new ResponseHead("HTTP/1.1", 101,
                draft76 ? "WebSocket Protocol Handshake" : "Web Socket Protocol Handshake", b.build());
    }

    /**
     * Draft-76's answer to its challenge, sent after the response head: the MD5 of the two
     * keys' numbers (each big-endian in four bytes) and the eight bytes after the request head.
     *
     * @throws HandshakeRejection if a key is malformed or the eight bytes are missing
     */
    public static byte[] challengeResponse(RequestHead head, byte[] key3) throws HandshakeRejection {
        if (key3 == null || key3.length != KEY3_LENGTH) {
            throw reject("a draft-76 request is followed by " + KEY3_LENGTH + " bytes");
        }
        ByteBuffer input = ByteBuffer.allocate(16)
                .putInt((int) keyNumber(head.fields().first("Sec-WebSocket-Key1"), "Sec-WebSocket-Key1"))
                .putInt((int) keyNumber(head.fields().first("Sec-WebSocket-Key2"), "Sec-WebSocket-Key2"))
                .put(key3);
        try {
            return MessageDigest.getInstance("MD5").digest(input.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** A key's digits as a number, divided by its count of spaces; rejects what does not divide into 32 bits. */
    private static long keyNumber(String key, String name) throws HandshakeRejection {
        if (key == null) {
            throw reject("missing " + name);
        }
        long digits = 0;
        int spaces = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits > (Long.MAX_VALUE - 9) / 10) { // no valid key holds this many: stop before overflow
                    throw reject(name + " holds too many digits");
                }
                digits = digits * 10 + (c - '0');
            } else if (c == ' ') {
                spaces++;
            }
        }
        if (spaces == 0 || digits % spaces != 0 || digits / spaces > 0xFFFF_FFFFL) {
            throw reject(name + " must hold digits that divide by its count of spaces into 32 bits");
        }
        return digits / spaces;
    }

    private static HandshakeRejection reject(String message) {
        return new HandshakeRejection(400, HttpFields.empty(), message);
    }
}
