package dev.weft;

import dev.weft.protocol.handshake.HandshakeException;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;

/**
 * A client could not open a WebSocket connection. {@link #reason()} says at which step, and
 * for a refused handshake {@link #status()} and {@link #body()} say what the server answered.
 */
public final class WebSocketConnectException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The step that failed. */
    public enum Reason {
        /** The host name did not resolve. */
        DNS,
        /** Nothing listens on that address and port (connection refused or unreachable). */
        REFUSED,
        /** The TCP connect or the opening handshake took longer than its timeout. */
        TIMEOUT,
        /** The TLS handshake failed: an untrusted certificate, a host name it does not cover, no common protocol. */
        TLS,
        /** The server answered, but not with an acceptable 101; see {@link #handshakeFailure()}. */
        HANDSHAKE,
        /**
         * The HTTP proxy would not open a tunnel to the server; {@link #status()} is its answer
         * (407, or 401 from some proxies such as tinyproxy: it wants credentials; 403, 502: it
         * will not or cannot reach the server).
         */
        PROXY,
        /** The connection failed in another way, such as a reset during the handshake. */
        IO,
        /**
         * Following redirects ({@code ConnectOptions.followRedirects}) went round in a loop,
         * past the limit, or to a location that is no WebSocket URI; {@link #redirects()} is the
         * chain of locations followed.
         */
        REDIRECT
    }

    /** The step that failed. */
    private final Reason reason;
    /** The server's HTTP status, or 0. */
    private final int status;
    /** The body of the server's answer, possibly empty. */
    private final byte[] body;
    /** The locations redirects led to, in order. */
    private final java.util.List<java.net.URI> redirects;

    /**
     * @param reason  the step that failed
     * @param message what happened
     * @param status  the HTTP status received, or 0
     * @param body    the response body received, possibly empty
     * @param cause   the underlying exception, or {@code null}
     */
    public WebSocketConnectException(Reason reason, String message, int status, byte[] body, @Nullable Throwable cause) {
        this(reason, message, status, body, cause, java.util.List.of());
    }

    /**
     * @param reason    the step that failed
     * @param message   what happened
     * @param status    the HTTP status received, or 0
     * @param body      the response body received, possibly empty
     * @param cause     the underlying exception, or {@code null}
     * @param redirects the locations redirects led to before this failure, in order
     */
    public WebSocketConnectException(Reason reason, String message, int status, byte[] body, @Nullable Throwable cause,
                                     java.util.List<java.net.URI> redirects) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.body = body == null ? new byte[0] : body.clone();
        this.redirects = java.util.List.copyOf(redirects);
    }

    /**
     * The locations redirects led to before the failure, in order: empty unless redirects were
     * followed.
     *
     * @return the chain of locations
     */
    public java.util.List<java.net.URI> redirects() {
        return redirects;
    }

    /**
     * The step that failed.
     *
     * @return the step
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The HTTP status the server answered with, or 0 if none was received.
     *
     * @return the status, or 0
     */
    public int status() {
        return status;
    }

    /**
     * The body of the server's answer (a copy), possibly empty.
     *
     * @return the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body decoded as UTF-8, for messages and logs.
     *
     * @return the body as text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * For {@link Reason#HANDSHAKE}, which check of the response failed; otherwise {@code null}.
     *
     * @return the failed check, or {@code null}
     */
    public @Nullable HandshakeException handshakeFailure() {
        return getCause() instanceof HandshakeException h ? h : null;
    }
}
