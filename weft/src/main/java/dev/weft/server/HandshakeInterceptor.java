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
    /** The decision for {@code request}, now or later. A failed stage answers 500. */
    CompletionStage<UpgradeDecision> intercept(HandshakeRequest request);

    /** An interceptor that decides at once. */
    static HandshakeInterceptor of(Function<HandshakeRequest, UpgradeDecision> decide) {
        return request -> CompletableFuture.completedFuture(decide.apply(request));
    }

    /** Accepts every request (choosing the endpoint's first supported subprotocol, if any). */
    static HandshakeInterceptor acceptAll() {
        return of(r -> UpgradeDecision.accept());
    }
}
