package dev.weft.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Decides whether to accept each upgrade request on an endpoint: check the origin, a cookie or
 * token, the client's address; choose a subprotocol; add response headers; attach a user
 * object. Runs on the connection's event-loop thread, so it must not block: a decision that
 * needs I/O returns an unfinished {@link CompletionStage} and completes it later.
 */
@FunctionalInterface
public interface HandshakeInterceptor {
    /**
     * The decision for {@code request}, now or later. A failed stage answers 500.
     *
     * @param request the upgrade request, valid by RFC 6455's rules
     * @return a stage completing with the decision
     */
    CompletionStage<UpgradeDecision> intercept(HandshakeRequest request);

    /**
     * An interceptor that decides at once.
     *
     * @param decide the function that decides; it runs on the connection's loop thread, so it must
     *     not block
     * @return the interceptor
     */
    static HandshakeInterceptor of(Function<HandshakeRequest, UpgradeDecision> decide) {
        return request -> CompletableFuture.completedFuture(decide.apply(request));
    }

    /**
     * Accepts only requests whose origin is one of {@code origins} (such as
     * {@code https://app.example}), then asks {@code next}; others get 403. For browser-facing
     * servers: a browser always sends the page's origin, so this stops other sites' pages from
     * opening connections with the user's cookies. A request without an origin (not a browser)
     * is refused too.
     *
     * @param origins the allowed origins, compared exactly (scheme, host and port)
     * @param next the interceptor that decides the requests from allowed origins
     * @return the interceptor
     */
    static HandshakeInterceptor allowOrigins(java.util.Collection<String> origins, HandshakeInterceptor next) {
        java.util.Set<String> allowed = java.util.Set.copyOf(origins);
        return request -> request.origin() != null && allowed.contains(request.origin())
                ? next.intercept(request)
                : CompletableFuture.completedFuture(UpgradeDecision.reject(403, "origin not allowed"));
    }

    /**
     * Accepts every request (choosing the endpoint's first supported subprotocol, if any).
     *
     * @return the interceptor
     */
    static HandshakeInterceptor acceptAll() {
        return of(r -> UpgradeDecision.accept());
    }
}
