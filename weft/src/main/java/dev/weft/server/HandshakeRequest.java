package dev.weft.server;

import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A valid WebSocket upgrade request, as a {@link HandshakeInterceptor} sees it before the
 * server answers.
 */
public final class HandshakeRequest {
    private final UpgradeRequest upgrade;
    private final InetSocketAddress remote;

    HandshakeRequest(UpgradeRequest upgrade, InetSocketAddress remote) {
        this.upgrade = upgrade;
        this.remote = remote;
    }

    /** The request head as received. */
    public RequestHead head() {
        return upgrade.head();
    }

    /** The method: always {@code GET} for a valid upgrade. */
    public String method() {
        return upgrade.head().method();
    }

    /** The path, still percent-encoded. */
    public String path() {
        return upgrade.head().path();
    }

    /** The query string after {@code ?}, still percent-encoded, or {@code null}. */
    public String query() {
        return upgrade.head().query();
    }

    /** The request's header fields. */
    public HttpFields headers() {
        return upgrade.head().fields();
    }

    /** The origin the client sent ({@code Origin}, or {@code Sec-WebSocket-Origin} for version 8), or {@code null}. */
    public String origin() {
        return upgrade.origin();
    }

    /** The subprotocols offered, most preferred first. */
    public List<String> subprotocols() {
        return upgrade.subprotocols();
    }

    /** The extensions offered, in order. */
    public List<ExtensionOffer> extensions() {
        return upgrade.extensions();
    }

    /** The protocol version: 13, or 8. */
    public int version() {
        return upgrade.version();
    }

    /** The TCP peer's address (a proxy's, if there is one in front). */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    UpgradeRequest upgrade() {
        return upgrade;
    }

    @Override
    public String toString() {
        return "HandshakeRequest[" + head().target() + " from " + remote + "]";
    }
}
