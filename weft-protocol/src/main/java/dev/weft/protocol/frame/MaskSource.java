package dev.weft.protocol.frame;

/**
 * Where a client's masking keys come from. RFC 6455 §10.3 requires each frame's key to be
 * fresh and unpredictable to the application, so that a script cannot choose the bytes that
 * appear on the wire and poison an intermediary's cache. Injected so tests can be
 * deterministic; {@link SecureMaskSource} is the production source.
 */
@FunctionalInterface
public interface MaskSource {
    /**
     * The key for the next frame. Called on the connection's thread only.
     *
     * @return a 32-bit masking key, unpredictable to the application (RFC 6455 §5.3)
     */
    int nextMask();
}
