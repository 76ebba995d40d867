package dev.weft.protocol.http;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * The head of an HTTP/1.1 request: request line and fields.
 *
 * @param method  the method, such as {@code GET}
 * @param target  the request target as sent, path and query
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param fields  the header fields
 */
public record RequestHead(String method, String target, String version, HttpFields fields) {
    /**
     * Checks that no part is null.
     *
     * @param method the method, such as {@code GET}
     * @param target the request target, as sent
     * @param version the HTTP version, such as {@code HTTP/1.1}
     * @param fields the header fields
     */
    public RequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * The target up to any {@code ?}, still percent-encoded.
     *
     * @return the path part of the target
     */
    public String path() {
        return pathOf(target);
    }

    /**
     * The target after the first {@code ?}, still percent-encoded, or {@code null} if there is none.
     *
     * @return the query, or {@code null}
     */
    public @Nullable String query() {
        return queryOf(target);
    }

    /**
     * A request target's part up to any {@code ?}, still percent-encoded.
     *
     * @param target a request target, as sent
     * @return the path part
     */
    public static String pathOf(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * A request target's part after the first {@code ?}, still percent-encoded, or {@code null} if there is none.
     *
     * @param target a request target, as sent
     * @return the query part, or {@code null}
     */
    public static @Nullable String queryOf(String target) {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /**
     * The head's bytes on the wire, ending with the empty line.
     *
     * @return a new array holding the request line, the fields and the empty line
     */
    public byte[] encode() {
        return HeadWriter.write(method, target, version, fields);
    }
}
