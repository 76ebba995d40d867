package dev.weft.sse;

import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.HandshakeRequest;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a server does with {@code EventSource} requests on one path: who decides
 * ({@link HandshakeInterceptor}, the same as a WebSocket endpoint's, seeing a request of version
 * 0), which origins may read the stream from another site (CORS), how often an idle stream
 * gets a keepalive comment, the reconnection delay given to browsers, and who listens.
 *
 * <p>A {@code GET} at the path is answered {@code 200 text/event-stream} (no caching, no proxy
 * buffering) and stays open; {@code OPTIONS} from an allowed origin gets the CORS preflight
 * answer; other methods get 405, and a browser request from an origin not allowed gets 403.
 * Sends are bounded by the server configuration's watermarks and hard cap.
 */
public final class EventStreamEndpoint {
    /** Keepalive comments every 15 seconds: well inside the 30–60 s idle timeouts proxies and load balancers use. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    private final Function<HandshakeRequest, EventStreamListener> listeners;
    private final HandshakeInterceptor interceptor;
    private final Set<String> allowedOrigins;
    private final boolean allowCredentials;
    private final Duration keepAlive;
    private final @Nullable Duration retry;

    private EventStreamEndpoint(Function<HandshakeRequest, EventStreamListener> listeners, HandshakeInterceptor interceptor,
                                Set<String> allowedOrigins, boolean allowCredentials, Duration keepAlive,
                                @Nullable Duration retry) {
        this.listeners = listeners;
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.allowCredentials = allowCredentials;
        this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive " + keepAlive + " is negative");
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry " + retry + " is negative");
        }
        this.retry = retry;
    }

    /**
     * An endpoint whose streams all report to one listener; same-origin only, keepalive every 15 s.
     *
     * @param listener the listener
     * @return the endpoint
     */
    public static EventStreamEndpoint of(EventStreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        return new EventStreamEndpoint(r -> listener, HandshakeInterceptor.acceptAll(), Set.of(), false,
                DEFAULT_KEEPALIVE, null);
    }

    /**
     * An endpoint that gives each stream a listener of its own.
     *
     * @param listeners makes one listener per stream
     * @return the endpoint
     */
    public static EventStreamEndpoint perConnection(Supplier<? extends EventStreamListener> listeners) {
        Objects.requireNonNull(listeners, "listeners");
        return new EventStreamEndpoint(r -> listeners.get(), HandshakeInterceptor.acceptAll(), Set.of(), false,
                DEFAULT_KEEPALIVE, null);
    }

    /**
     * A copy with this interceptor: it sees each request (version 0, no subprotocols) and may
     * reject it (204 tells a browser to stop reconnecting), add headers or attach an object.
     *
     * @param interceptor the interceptor
     * @return a new endpoint; this one is unchanged
     */
    public EventStreamEndpoint withInterceptor(HandshakeInterceptor interceptor) {
        return new EventStreamEndpoint(listeners, interceptor, allowedOrigins, allowCredentials, keepAlive, retry);
    }

    /**
     * A copy that lets pages from these origins read its streams ({@code Access-Control-Allow-Origin});
     * {@code "*"} lets every origin. Requests without {@code Origin} (same-origin pages in some
     * browsers, non-browser clients) are always served; a browser request from an origin not
     * listed, other than the server's own, gets 403.
     *
     * @param origins origins such as {@code https://app.example.com}, or {@code "*"}
     * @return a new endpoint; this one is unchanged
     */
    public EventStreamEndpoint withAllowedOrigins(String... origins) {
        return new EventStreamEndpoint(listeners, interceptor, Set.of(origins), allowCredentials, keepAlive, retry);
    }

    /**
     * A copy that lets cross-origin pages send cookies ({@code new EventSource(url, {withCredentials: true})}):
     * answers {@code Access-Control-Allow-Credentials: true} and names the origin instead of {@code *}.
     *
     * @param allow whether to allow credentials
     * @return a new endpoint; this one is unchanged
     */
    public EventStreamEndpoint withCredentials(boolean allow) {
        return new EventStreamEndpoint(listeners, interceptor, allowedOrigins, allow, keepAlive, retry);
    }

    /**
     * A copy with another keepalive interval: a comment is sent when nothing else was for this long.
     *
     * @param interval the interval, or {@link Duration#ZERO} for none
     * @return a new endpoint; this one is unchanged
     */
    public EventStreamEndpoint withKeepAlive(Duration interval) {
        return new EventStreamEndpoint(listeners, interceptor, allowedOrigins, allowCredentials, interval, retry);
    }

    /**
     * A copy that tells each browser, first thing, to wait this long before reconnecting
     * ({@code retry:}); browsers otherwise choose (about 3 s).
     *
     * @param delay the delay
     * @return a new endpoint; this one is unchanged
     */
    public EventStreamEndpoint withRetry(Duration delay) {
        return new EventStreamEndpoint(listeners, interceptor, allowedOrigins, allowCredentials, keepAlive,
                Objects.requireNonNull(delay, "delay"));
    }

    /**
     * The interceptor deciding each request.
     *
     * @return the interceptor
     */
    public HandshakeInterceptor interceptor() {
        return interceptor;
    }

    /**
     * The origins allowed to read streams from other sites.
     *
     * @return the origins, possibly {@code "*"}; empty for same-origin only
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Whether cross-origin pages may send credentials.
     *
     * @return true if allowed
     */
    public boolean allowsCredentials() {
        return allowCredentials;
    }

    /**
     * The keepalive interval.
     *
     * @return the interval, zero for none
     */
    public Duration keepAlive() {
        return keepAlive;
    }

    /**
     * The reconnection delay given to browsers.
     *
     * @return the delay, or {@code null} to leave it to them
     */
    public @Nullable Duration retry() {
        return retry;
    }

    /**
     * Whether a request with this {@code Origin} may read the stream.
     *
     * @param origin the request's {@code Origin}, or {@code null}
     * @param ownOrigins the origins the server itself is reached at (its {@code Host}, both schemes)
     * @return true to serve it
     */
    public boolean allows(@Nullable String origin, List<String> ownOrigins) {
        return origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)
                || ownOrigins.contains(origin);
    }

    /**
     * The listener for a stream just accepted.
     *
     * @param request the request
     * @return the endpoint's listener, or a new one for this stream
     */
    public EventStreamListener listenerFor(HandshakeRequest request) {
        return Objects.requireNonNull(listeners.apply(request), "the endpoint's listener factory returned null");
    }
}
