package dev.weft.protocol.handshake;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
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

    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.ISO_8859_1);
    /** Sec-WebSocket-Key is 24 characters (§4.1), so key and GUID fit 60 bytes. */
    private static final int KEY_LENGTH = 24;
    // One digest and its scratch per thread: the accept value is worked out for every handshake,
    // and a fresh MessageDigest per call was most of what a handshake allocated.
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private AcceptKey() {
    }

    private static final class Scratch {
        final MessageDigest sha1;
        // Key then GUID; the GUID part is filled once, each call overwrites only the key.
        final byte[] input = new byte[KEY_LENGTH + GUID_BYTES.length];
        final byte[] digest = new byte[20];
        final byte[] base64 = new byte[28];

        Scratch() {
            System.arraycopy(GUID_BYTES, 0, input, KEY_LENGTH, GUID_BYTES.length);
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform must provide SHA-1 (MessageDigest's Javadoc).
                throw new IllegalStateException("SHA-1 missing from this JDK", e);
            }
        }
    }

    /**
     * The accept value for a client's {@code Sec-WebSocket-Key}.
     *
     * @param clientKey the client's {@code Sec-WebSocket-Key}, exactly as sent
     * @return the base64 SHA-1 digest of the key and the RFC's GUID, the
     *     {@code Sec-WebSocket-Accept} value
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the ISO-8859-1 copy wanted, in place
    public static String of(String clientKey) {
        Scratch s = SCRATCH.get();
        if (clientKey.length() == KEY_LENGTH) {
            clientKey.getBytes(0, KEY_LENGTH, s.input, 0);
            s.sha1.update(s.input);
        } else {
            // Not a valid key (a server checks first); still answered as the RFC defines it.
            s.sha1.update((clientKey + GUID).getBytes(StandardCharsets.ISO_8859_1));
        }
        try {
            s.sha1.digest(s.digest, 0, s.digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest is 20 bytes", e);
        }
        Base64.getEncoder().encode(s.digest, s.base64);
        return new String(s.base64, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether {@code key} is a valid {@code Sec-WebSocket-Key}: the base64 of exactly 16 bytes
     * (§4.1, §11.3.1), which is 22 characters of the base64 alphabet and then {@code ==}.
     *
     * @param key a header value, possibly {@code null}
     * @return true if a server may accept the key
     */
    public static boolean isValidKey(@Nullable String key) {
        if (key == null || key.length() != KEY_LENGTH || !key.endsWith("==")) {
            return false;
        }
        for (int i = 0; i < KEY_LENGTH - 2; i++) {
            if (!isBase64Char(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
