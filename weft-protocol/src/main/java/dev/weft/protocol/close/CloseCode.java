package dev.weft.protocol.close;

/**
 * Close status codes (RFC 6455 §7.4) and the rules for which of them may travel in a close
 * frame. Plain {@code int} constants rather than an enum, because applications use the
 * whole 3000–4999 range.
 */
public final class CloseCode {
    /** 1000: the purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: the endpoint is going away (server shutting down, page navigated away). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: no code was present in the close frame. Reported locally, never sent. */
    public static final int NO_STATUS = 1005;
    /** 1006: the connection closed without a close frame. Reported locally, never sent. */
    public static final int ABNORMAL = 1006;
    /** 1007: a message's data was not consistent with its type (invalid UTF-8 in text). */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a message violated the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected the server to negotiate an extension it did not. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the endpoint met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting (IANA registry). */
    public static final int SERVICE_RESTART = 1012;
    /**
     * 1013: try again later (IANA registry). weft sends it to a connection left waiting longer
     * than its wait timeout for server-wide (or client-wide) inbound memory, and {@code weft
     * serve}'s echo sends it when a reply cannot be queued for want of outbound memory.
     */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1014: a gateway received a bad response (IANA registry). */
    public static final int BAD_GATEWAY = 1014;
    /** 1015: the TLS handshake failed. Reported locally, never sent. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCode() {
    }

    /**
     * Whether {@code code} may appear in a close frame. §7.4.1 defines 1000–1003 and 1007–1011,
     * IANA has since registered 1012–1014, 1004 is reserved, and 1005, 1006 and 1015 are
     * reserved for local reporting; 3000–3999 are registered by libraries and 4000–4999 are
     * private. Everything else, 0–999 and 2000–2999 included, is invalid on the wire.
     *
     * @param code a close code, as read from a frame or about to be written into one
     * @return true if the code may appear in a close frame
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
