package dev.weft.server;

import dev.weft.protocol.http.HttpFields;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@link HandshakeInterceptor}'s answer: accept the upgrade (with a subprotocol, extra
 * response headers such as {@code Set-Cookie}, and an object to attach to the connection) or
 * reject it with an HTTP status, headers and body. Immutable; each {@code with} returns a copy.
 */
public final class UpgradeDecision {
    private final boolean accepted;
    private final @Nullable String subprotocol;
    private final int status;
    private final HttpFields headers;
    private final byte[] body;
    private final @Nullable Object attachment;

    private UpgradeDecision(boolean accepted, String subprotocol, int status, HttpFields headers, byte[] body,
                            Object attachment) {
        this.accepted = accepted;
        this.subprotocol = subprotocol;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.attachment = attachment;
    }

    /**
     * Accept with no subprotocol (or, if the endpoint lists subprotocols, the first one offered that it supports).
     *
     * @return the decision
     */
    public static UpgradeDecision accept() {
        return new UpgradeDecision(true, null, 101, HttpFields.empty(), new byte[0], null);
    }

    /**
     * Accept with this subprotocol, which must be one the client offered.
     *
     * @param subprotocol the subprotocol to answer with
     * @return the decision
     */
    public static UpgradeDecision accept(String subprotocol) {
        return new UpgradeDecision(true, Objects.requireNonNull(subprotocol), 101, HttpFields.empty(), new byte[0], null);
    }

    /**
     * Reject with a status (for example 401, 403) and no body.
     *
     * @param status a status from 300 to 599, or 204 (No Content), which tells a browser's
     *     {@code EventSource} to stop reconnecting
     * @return the decision
     */
    public static UpgradeDecision reject(int status) {
        return reject(status, "");
    }

    /**
     * Reject with a status and a plain-text body.
     *
     * @param status a status from 300 to 599, or 204 for an event stream the browser is to stop reconnecting to
     * @param body the body, sent as UTF-8 {@code text/plain}
     * @return the decision
     */
    public static UpgradeDecision reject(int status, String body) {
        if ((status < 300 || status > 599) && status != 204) {
            throw new IllegalArgumentException("a rejection needs a status from 300 to 599, or 204: " + status);
        }
        return new UpgradeDecision(false, null, status, HttpFields.empty(), body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * A copy with one more response header.
     *
     * @param name the field's name, an HTTP token
     * @param value the field's value, without CR or LF
     * @return a new decision; this one is unchanged
     */
    public UpgradeDecision withHeader(String name, String value) {
        return new UpgradeDecision(accepted, subprotocol, status,
                headers.with(HttpFields.builder().add(name, value).build()), body, attachment);
    }

    /**
     * A copy that sets a cookie on the 101 response.
     *
     * @param name the cookie's name, an HTTP token
     * @param value the cookie's value
     * @param attributes such as {@code Path=/; HttpOnly; Secure; SameSite=Strict}, or empty
     * @return a new decision; this one is unchanged
     * @throws IllegalArgumentException if the name is not a token or the value has characters RFC
     *     6265 forbids
     */
    public UpgradeDecision withCookie(String name, String value, String attributes) {
        return withHeader("Set-Cookie", Cookies.setCookie(name, value, attributes));
    }

    /**
     * A copy that attaches {@code value} to the new connection ({@code WebSocket.attachment()}).
     *
     * @param value the object to attach, or {@code null}
     * @return a new decision; this one is unchanged
     */
    public UpgradeDecision withAttachment(@Nullable Object value) {
        return new UpgradeDecision(accepted, subprotocol, status, headers, body, value);
    }

    /**
     * Whether the upgrade is accepted.
     *
     * @return true for an acceptance
     */
    public boolean isAccepted() {
        return accepted;
    }

    /**
     * The chosen subprotocol, or {@code null}.
     *
     * @return the subprotocol, or {@code null}
     */
    public @Nullable String subprotocol() {
        return subprotocol;
    }

    /**
     * 101 if accepted, else the rejection status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Extra response headers.
     *
     * @return the headers added to the response
     */
    public HttpFields headers() {
        return headers;
    }

    /**
     * The rejection body (a copy).
     *
     * @return the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The object to attach, or {@code null}.
     *
     * @return the attachment, or {@code null}
     */
    public @Nullable Object attachment() {
        return attachment;
    }
}
