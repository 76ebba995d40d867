package dev.weft.protocol.extension;

import dev.weft.protocol.handshake.ExtensionOffer;
import org.jspecify.annotations.Nullable;

/**
 * A server's side of negotiating one extension: shown the client's offers of it one at a time,
 * in the client's order of preference, it accepts one (answering with the response parameters
 * and a codec for the connection) or declines each.
 */
public interface ServerExtensionFactory {
    /** What accepting an offer yields: the parameters to answer with and the connection's codec. */
    record Accepted(ExtensionOffer response, Extension extension) {
    }

    /**
     * The extension's name, matched against the client's offers.
     *
     * @return the registered name, such as {@code permessage-deflate}
     */
    String name();

    /**
     * Considers one offer.
     *
     * @param offer one of the client's offers for this extension
     * @return the acceptance, or {@code null} to decline this offer (unknown or invalid parameters,
     *     or parameters this side cannot honour) and be shown the next
     */
    @Nullable Accepted acceptOffer(ExtensionOffer offer);
}
