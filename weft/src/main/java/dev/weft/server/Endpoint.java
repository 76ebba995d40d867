package dev.weft.server;

import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a server does with upgrades on one path: who decides ({@link HandshakeInterceptor}),
 * which subprotocols it speaks, and who listens to the connections: one listener for all of
 * them ({@link #of}), or a listener of its own for each ({@link #perConnection}), the shape Node
 * code has when it keeps a connection's state in closures.
 */
public final class Endpoint {
    private final Function<HandshakeRequest, WebSocketListener> listeners;
    private final HandshakeInterceptor interceptor;
    private final List<String> subprotocols;
    private final @Nullable WebSocketConfig config;

    private Endpoint(Function<HandshakeRequest, WebSocketListener> listeners, HandshakeInterceptor interceptor,
                     List<String> subprotocols, @Nullable WebSocketConfig config) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
        this.subprotocols = List.copyOf(subprotocols);
        this.config = config;
    }

    /**
     * An endpoint whose connections all report to one listener; it accepts every upgrade, with
     * no subprotocol.
     *
     * @param listener the listener for the endpoint's connections
     * @return the endpoint
     */
    public static Endpoint of(WebSocketListener listener) {
        Objects.requireNonNull(listener, "listener");
        return new Endpoint(request -> listener, HandshakeInterceptor.acceptAll(), List.of(), null);
    }

    /**
     * An endpoint that gives each connection a listener of its own, made when its upgrade is
     * accepted, so per-connection state can live in the listener's fields.
     *
     * @param listeners makes one listener per connection
     * @return the endpoint
     */
    public static Endpoint perConnection(Supplier<? extends WebSocketListener> listeners) {
        Objects.requireNonNull(listeners, "listeners");
        return new Endpoint(request -> listeners.get(), HandshakeInterceptor.acceptAll(), List.of(), null);
    }

    /**
     * An endpoint that gives each connection a listener of its own, made from the accepted
     * upgrade request (its path parameters, headers, principal).
     *
     * @param listeners makes one listener per connection from its handshake request
     * @return the endpoint
     */
    public static Endpoint perConnection(Function<HandshakeRequest, ? extends WebSocketListener> listeners) {
        Objects.requireNonNull(listeners, "listeners");
        return new Endpoint(listeners::apply, HandshakeInterceptor.acceptAll(), List.of(), null);
    }

    /**
     * A copy with this interceptor.
     *
     * @param interceptor the interceptor deciding each upgrade
     * @return a new endpoint; this one is unchanged
     */
    public Endpoint withInterceptor(HandshakeInterceptor interceptor) {
        return new Endpoint(listeners, interceptor, subprotocols, config);
    }

    /**
     * A copy speaking these subprotocols.
     *
     * @param names the subprotocol names, most preferred first
     * @return a new endpoint; this one is unchanged
     */
    public Endpoint withSubprotocols(String... names) {
        return new Endpoint(listeners, interceptor, List.of(names), config);
    }

    /**
     * A copy whose connections run with {@code config} instead of the server's (ws users run
     * several servers for this, each with its own {@code maxPayload}): message and frame limits,
     * fragment assembly, watermarks and caps, keepalive, idle and close timeouts, the listener's
     * executor, autoPong. What happens before an upgrade is routed stays the server's: the
     * handshake timeout and head limits, socket options, and the clock (the server's ticker).
     * Start from the server's with {@code serverConfig.toBuilder()} to change only some.
     *
     * @param config the configuration for this endpoint's connections
     * @return a new endpoint; this one is unchanged
     */
    public Endpoint withConfig(WebSocketConfig config) {
        return new Endpoint(listeners, interceptor, subprotocols, Objects.requireNonNull(config, "config"));
    }

    /**
     * The configuration this endpoint's connections run with, if not the server's.
     *
     * @return the endpoint's configuration, or null for the server's
     */
    public @Nullable WebSocketConfig config() {
        return config;
    }

    /**
     * The interceptor deciding each upgrade.
     *
     * @return the interceptor; accepts all unless set
     */
    public HandshakeInterceptor interceptor() {
        return interceptor;
    }

    /**
     * The subprotocols spoken, for a decision that names none: the first the client offered (in
     * its order of preference) that is in this list is chosen.
     *
     * @return the names, most preferred first
     */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /**
     * The listener for a connection whose upgrade was just accepted.
     *
     * @param request the accepted upgrade
     * @return the endpoint's one listener, or a new one for this connection
     * @throws NullPointerException if a per-connection factory made none
     */
    public WebSocketListener listenerFor(HandshakeRequest request) {
        return Objects.requireNonNull(listeners.apply(request), "the endpoint's listener factory returned null");
    }
}
