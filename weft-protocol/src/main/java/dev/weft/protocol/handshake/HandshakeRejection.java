package dev.weft.protocol.handshake;

import dev.weft.protocol.http.HttpFields;

/**
 * A server's refusal of an upgrade request: the status and headers to answer with, and a
 * message for the log and the response body.
 */
public final class HandshakeRejection extends Exception {
    private static final long serialVersionUID = 1L;

    /** The HTTP status to answer with. */
    private final int status;
    private final transient HttpFields headers;

    /**
     * @param status  the HTTP status
     * @param headers extra response headers, such as {@code Sec-WebSocket-Version} for 426
     * @param message why, for logs and the body
     */
    public HandshakeRejection(int status, HttpFields headers, String message) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers;
    }

    /**
     * The HTTP status to answer with.
     *
     * @return the status code, such as 400, 403 or 426
     */
    public int status() {
        return status;
    }

    /**
     * Headers to add to the response.
     *
     * @return the extra header fields, such as {@code Sec-WebSocket-Version} for a 426
     */
    public HttpFields headers() {
        return headers;
    }
}
