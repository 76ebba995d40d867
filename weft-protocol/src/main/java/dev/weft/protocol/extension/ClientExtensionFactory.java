package dev.weft.protocol.extension;

import dev.weft.protocol.handshake.ExtensionOffer;

import java.util.List;

/**
 * A client's side of negotiating one extension: what to offer, and what to make of the
 * server's answer.
 */
public interface ClientExtensionFactory {
    /** The extension's name. */
    String name();

    /** The offers to send, most preferred first; only parameters this side can honour. */
    List<ExtensionOffer> offers();

    /**
     * Builds the connection's codec from the server's answer.
     *
     * @throws IllegalArgumentException if the answer's parameters are invalid or were not
     *                                  offered: the client then fails the connection
     */
    Extension acceptResponse(ExtensionOffer response);
}
