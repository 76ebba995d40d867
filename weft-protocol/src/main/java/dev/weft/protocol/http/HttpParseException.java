package dev.weft.protocol.http;

/**
 * An HTTP/1.1 head that weft will not read, with the status a server answers it with
 * (400, 414, 431 or 505).
 */
public final class HttpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The status a server answers the head with. */
    private final int status;

    /**
     * @param status  the HTTP status to answer with
     * @param message what was wrong, for logs and the response body
     */
    public HttpParseException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * The status a server sends back: 400 malformed, 414 request line too long, 431 head too large, 505 version.
     *
     * @return 400, 414, 431 or 505
     */
    public int status() {
        return status;
    }
}
