package dev.weft.protocol.handshake;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * One parameter of an extension in a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1).
 *
 * @param name  the parameter name, a token
 * @param value the value (unquoted), or {@code null} for a parameter given without one
 */
public record ExtensionParam(String name, @Nullable String value) {
    /**
     * Checks the name is present.
     *
     * @param name the parameter's name, an HTTP token
     * @param value its value, or {@code null} for a parameter given without one
     */
    public ExtensionParam {
        Objects.requireNonNull(name, "name");
    }
}
