package dev.weft.protocol.handshake;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What a server agreed to in its {@code 101} response, as the client checked it.
 *
 * @param subprotocol the chosen subprotocol, or {@code null} if the server chose none
 * @param extensions  the accepted extensions with the server's parameters, in the server's order
 */
public record HandshakeResult(@Nullable String subprotocol, List<ExtensionOffer> extensions) {
    /**
     * Copies the list.
     *
     * @param subprotocol the subprotocol the server chose, or {@code null} for none
     * @param extensions the extensions the server accepted, with their parameters, in its order
     */
    public HandshakeResult {
        extensions = List.copyOf(extensions);
    }
}
