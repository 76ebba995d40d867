package dev.weft.protocol.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Sec-WebSocket-Accept} value of RFC 6455 §4.2.2: the base64 of the SHA-1 of the
 * client's key followed by the protocol's GUID. It proves the server read the request as a
 * WebSocket handshake; it is not a security measure.
 */
public final class AcceptKey {
    /** The GUID that RFC 6455 §1.3 appends to every key. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private AcceptKey() {
    }

    /** The accept value for a client's {@code Sec-WebSocket-Key}. */
    public static String of(String clientKey) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((clientKey + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 (MessageDigest's Javadoc).
            throw new IllegalStateException("SHA-1 missing from this JDK", e);
        }
    }

    /**
     * Whether {@code key} is a valid {@code Sec-WebSocket-Key}: the base64 of exactly 16 bytes
     * (§4.1, §11.3.1), which is 24 characters ending in {@code ==}.
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
