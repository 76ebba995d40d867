package dev.weft.protocol.extension;

import dev.weft.protocol.handshake.ExtensionOffer;

import java.util.List;

/**
 * A client's side of negotiating one extension: what to offer, and what to make of the
 * server's answer.
 */
public interface ClientExtensionFactory {
    /**
     * The extension's name.
     *
     * @return the registered name, such as {@code permessage-deflate}
     */
    String name();

    /**
     * The offers to send, most preferred first; only parameters this side can honour.
     *
     * @return the offers, each a name with parameters, for the {@code Sec-WebSocket-Extensions}
     *     header
     */
    List<ExtensionOffer> offers();

    /**
     * Builds the connection's codec from the server's answer.
     *
     * @param response the server's answer for this extension: one of the offers, possibly with
     *     parameters changed as the extension allows
     * @return the codec to use on this connection
     * @throws IllegalArgumentException if the answer's parameters are invalid or were not offered:
     *     the client then fails the connection
     */
    Extension acceptResponse(ExtensionOffer response);
}
