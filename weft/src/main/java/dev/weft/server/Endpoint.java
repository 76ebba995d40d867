package dev.weft.server;

import dev.weft.WebSocketListener;

import java.util.List;
import java.util.Objects;

/**
 * What a server does with upgrades on one path: who decides ({@link HandshakeInterceptor}),
 * which subprotocols it speaks, and who listens to the connections.
 *
 * @param listener     receives every connection's events
 * @param interceptor  decides each upgrade; accepts all by default
 * @param subprotocols the subprotocols spoken, for a decision that names none: the first the
 *                     client offered (in its order of preference) that is in this list is chosen
 */
public record Endpoint(WebSocketListener listener, HandshakeInterceptor interceptor, List<String> subprotocols) {
    /**
     * Checks and copies.
     *
     * @param listener the listener for the endpoint's connections
     * @param interceptor the interceptor deciding each upgrade
     * @param subprotocols the subprotocols the endpoint speaks, most preferred first
     */
    public Endpoint {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(interceptor, "interceptor");
        subprotocols = List.copyOf(subprotocols);
    }

    /**
     * An endpoint that accepts every upgrade, with no subprotocol.
     *
     * @param listener the listener for the endpoint's connections
     * @return the endpoint
     */
    public static Endpoint of(WebSocketListener listener) {
        return new Endpoint(listener, HandshakeInterceptor.acceptAll(), List.of());
    }

    /**
     * A copy with this interceptor.
     *
     * @param interceptor the interceptor deciding each upgrade
     * @return a new endpoint; this one is unchanged
     */
    public Endpoint withInterceptor(HandshakeInterceptor interceptor) {
        return new Endpoint(listener, interceptor, subprotocols);
    }

    /**
     * A copy speaking these subprotocols.
     *
     * @param names the subprotocol names, most preferred first
     * @return a new endpoint; this one is unchanged
     */
    public Endpoint withSubprotocols(String... names) {
        return new Endpoint(listener, interceptor, List.of(names));
    }
}
