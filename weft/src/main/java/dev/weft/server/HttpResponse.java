package dev.weft.server;

import dev.weft.protocol.http.HttpFields;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A plain HTTP response from an {@link HttpHandler}. The server adds {@code Content-Length}
 * and {@code Connection: close}, and closes the connection after writing it.
 *
 * @param status  the status code
 * @param headers the header fields
 * @param body    the body
 */
public record HttpResponse(int status, HttpFields headers, byte[] body) {
    /**
     * Checks the parts.
     *
     * @param status the status code, 200–599
     * @param headers the header fields; {@code Content-Length} and {@code Connection} are added by
     *     the server
     * @param body the body bytes
     */
    public HttpResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /**
     * A response with a {@code Content-Type} and a body of UTF-8 text.
     *
     * @param status the status code, 200–599
     * @param contentType the {@code Content-Type} value, such as {@code text/html; charset=utf-8}
     * @param body the body text
     * @return the response
     */
    public static HttpResponse of(int status, String contentType, String body) {
        return new HttpResponse(status, HttpFields.builder().add("Content-Type", contentType).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
