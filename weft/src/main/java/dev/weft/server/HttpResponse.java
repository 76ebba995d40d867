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
    /** Checks the parts. */
    public HttpResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A response with a {@code Content-Type} and a body of UTF-8 text. */
    public static HttpResponse of(int status, String contentType, String body) {
        return new HttpResponse(status, HttpFields.builder().add("Content-Type", contentType).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
