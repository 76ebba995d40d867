package dev.weft.protocol.handshake;

import dev.weft.protocol.http.RequestHead;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A WebSocket upgrade request that passed every check of RFC 6455 §4.2.1: what a server
 * needs to decide whether, and how, to accept it.
 *
 * @param head         the request head as received
 * @param key          the client's {@code Sec-WebSocket-Key}, or empty for the legacy drafts
 * @param version      13, 8 for the hybi-08 to hybi-12 drafts, or 75 / 76 for the legacy drafts (hixie-75, hixie-76)
 * @param host         the {@code Host} header
 * @param origin       the origin ({@code Origin}, or {@code Sec-WebSocket-Origin} for version 8), or {@code null}
 * @param subprotocols the offered subprotocols in the client's order of preference
 * @param extensions   the offered extensions in the client's order of preference
 */
public record UpgradeRequest(RequestHead head, String key, int version, String host, @Nullable String origin,
                             List<String> subprotocols, List<ExtensionOffer> extensions) {
    /**
     * Copies the lists.
     *
     * @param head the whole request head
     * @param key the client's {@code Sec-WebSocket-Key}
     * @param version the client's {@code Sec-WebSocket-Version}, 13 or 8
     * @param host the {@code Host} header's value
     * @param origin the {@code Origin} (or, for version 8, {@code Sec-WebSocket-Origin}) value, or
     *     {@code null}
     * @param subprotocols the subprotocols offered, most preferred first
     * @param extensions the extensions offered, most preferred first
     */
    public UpgradeRequest {
        subprotocols = List.copyOf(subprotocols);
        extensions = List.copyOf(extensions);
    }
}
