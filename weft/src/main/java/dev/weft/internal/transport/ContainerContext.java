package dev.weft.internal.transport;

import org.jspecify.annotations.Nullable;

import java.security.Principal;
import java.util.Map;

/**
 * What a servlet container knows of a request beyond its head, handed to the handshake's
 * interceptor: the user its security filters authenticated, and the request's attributes.
 *
 * @param principal  the authenticated user, or {@code null}
 * @param attributes the request's attributes when it reached weft, by name
 */
public record ContainerContext(@Nullable Principal principal, Map<String, Object> attributes) {
    /** Weft's own server: no container, no principal, no attributes. */
    public static final ContainerContext NONE = new ContainerContext(null, Map.of());

    /**
     * Copies the attributes.
     *
     * @param principal  the authenticated user, or {@code null}
     * @param attributes the request's attributes when it reached weft, by name
     */
    public ContainerContext {
        attributes = Map.copyOf(attributes);
    }
}
