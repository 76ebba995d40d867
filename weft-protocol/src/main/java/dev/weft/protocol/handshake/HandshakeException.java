package dev.weft.protocol.handshake;

import dev.weft.protocol.http.ResponseHead;
import org.jspecify.annotations.Nullable;

/**
 * A client's verdict that the server's answer to its upgrade request does not open a
 * WebSocket connection (RFC 6455 §4.1, "the client MUST _Fail the WebSocket Connection_").
 * The {@link Reason} says which rule failed; the response head is kept for the application.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which check of the server's response failed. */
    public enum Reason {
        /** The status was not 101: the server refused or does not speak WebSocket. */
        UNEXPECTED_STATUS,
        /** {@code Upgrade} did not name websocket. */
        BAD_UPGRADE,
        /** {@code Connection} did not include the Upgrade token. */
        BAD_CONNECTION,
        /** {@code Sec-WebSocket-Accept} was missing or did not match the key sent. */
        BAD_ACCEPT,
        /** The server chose a subprotocol the client did not offer, or several. */
        UNEXPECTED_SUBPROTOCOL,
        /** The client offered subprotocols and the server chose none (unless the client accepts that). */
        MISSING_SUBPROTOCOL,
        /** The server accepted an extension the client did not offer, or the header was malformed. */
        UNEXPECTED_EXTENSION,
        /** The response head itself was malformed or too large. */
        MALFORMED_RESPONSE
    }

    /** Which check failed. */
    private final Reason reason;
    private final transient @Nullable ResponseHead response;

    /**
     * @param reason   which check failed
     * @param message  what was seen
     * @param response the response head, or {@code null} if it could not be parsed
     */
    public HandshakeException(Reason reason, String message, @Nullable ResponseHead response) {
        super(message);
        this.reason = reason;
        this.response = response;
    }

    /**
     * Which check failed.
     *
     * @return the check, which names the problem for the log and for tests
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The server's response head, or {@code null} if it was malformed.
     *
     * @return the response head, or {@code null}
     */
    public @Nullable ResponseHead response() {
        return response;
    }

    /**
     * The HTTP status the server answered with, or 0 if there was no parseable response.
     *
     * @return the status code, or 0
     */
    public int status() {
        return response == null ? 0 : response.status();
    }
}
