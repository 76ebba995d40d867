package dev.weft.client;

import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.protocol.close.CloseCode;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * When and how a client connection made with {@link ConnectOptions.Builder#reconnect} connects
 * again: exponential backoff with full jitter (each wait is drawn at random below
 * {@code min(maxDelay, initialDelay × 2^attempt)}, so clients that lost a server together do not
 * come back together), a most attempts in a row, which closes and which connect failures are
 * worth another try, what sends do while disconnected, and a hook to restore state on each new
 * connection (subscribe again, say).
 *
 * <p>By default: reconnect after an abnormal close (1006), 1001 (going away) and 1011–1014
 * (server trouble, restart, try again later, bad gateway), never after 1000 or 1008 (a server
 * that ended the conversation or refused it on purpose); retry connect failures except a
 * handshake refused with a 4xx status and TLS failures, which another try would not fix.
 */
public final class ReconnectPolicy {
    /** What a send does while the connection is down. */
    public enum WhileDisconnected {
        /** Fails at once with {@link dev.weft.WebSocketClosedException}. */
        FAIL,
        /** Waits, up to {@link Builder#maxQueuedBytes}, and goes out in order once reconnected. */
        QUEUE
    }

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final IntPredicate reconnectOnClose;
    private final Predicate<WebSocketConnectException> retryFailure;
    private final WhileDisconnected whileDisconnected;
    private final long maxQueuedBytes;
    private final BiConsumer<WebSocket, Integer> onReconnect;

    private ReconnectPolicy(Builder b) {
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.maxAttempts = b.maxAttempts;
        this.reconnectOnClose = b.reconnectOnClose;
        this.retryFailure = b.retryFailure;
        this.whileDisconnected = b.whileDisconnected;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.onReconnect = b.onReconnect;
    }

    /**
     * The defaults: 500 ms first, 30 s at most, no limit on attempts, sends fail fast while disconnected.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The wait before attempt {@code attempt} (1 for the first after a loss): full jitter. */
    long delayNanos(int attempt) {
        long ceiling = maxDelay.toNanos();
        long grown = initialDelay.toNanos() << Math.min(attempt - 1, 30);
        long bound = grown <= 0 || grown > ceiling ? ceiling : grown;
        return ThreadLocalRandom.current().nextLong(bound + 1);
    }

    boolean reconnectsAfterClose(int code) {
        return reconnectOnClose.test(code);
    }

    boolean retries(WebSocketConnectException failure) {
        return retryFailure.test(failure);
    }

    /** Whether attempt {@code attempt} may be made. */
    boolean mayAttempt(int attempt) {
        return maxAttempts == 0 || attempt <= maxAttempts;
    }

    WhileDisconnected whileDisconnected() {
        return whileDisconnected;
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    BiConsumer<WebSocket, Integer> onReconnect() {
        return onReconnect;
    }

    /** The default choice of closes to reconnect after. */
    static boolean worthReconnecting(int code) {
        return code == CloseCode.ABNORMAL || code == CloseCode.GOING_AWAY || (code >= 1011 && code <= 1014);
    }

    /** The default choice of connect failures to retry. */
    static boolean worthRetrying(WebSocketConnectException e) {
        return switch (e.reason()) {
            case TLS, REDIRECT -> false;
            case HANDSHAKE, PROXY -> e.status() == 0 || e.status() >= 500;
            default -> true;
        };
    }

    /** Collects a {@link ReconnectPolicy}. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(30);
        private int maxAttempts;
        private IntPredicate reconnectOnClose = ReconnectPolicy::worthReconnecting;
        private Predicate<WebSocketConnectException> retryFailure = ReconnectPolicy::worthRetrying;
        private WhileDisconnected whileDisconnected = WhileDisconnected.FAIL;
        private long maxQueuedBytes = 1 << 20;
        private BiConsumer<WebSocket, Integer> onReconnect = (ws, attempt) -> { };

        private Builder() {
        }

        /**
         * The backoff's first bound and its ceiling.
         *
         * @param initial the bound of the first wait (500 ms unless set)
         * @param max     the most any wait may be (30 s unless set)
         * @return this builder
         */
        public Builder delays(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
            }
            this.initialDelay = initial;
            this.maxDelay = max;
            return this;
        }

        /**
         * The most attempts in a row after a loss (or for the first connect) before giving up.
         *
         * @param max at least 1, or 0 for no limit (the default)
         * @return this builder
         */
        public Builder maxAttempts(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxAttempts must not be negative");
            }
            this.maxAttempts = max;
            return this;
        }

        /**
         * Which close codes lead to a reconnect.
         *
         * @param which true for the codes to reconnect after
         * @return this builder
         */
        public Builder reconnectOnClose(IntPredicate which) {
            this.reconnectOnClose = Objects.requireNonNull(which);
            return this;
        }

        /**
         * Which connect failures are tried again.
         *
         * @param which true for the failures worth another attempt
         * @return this builder
         */
        public Builder retryOn(Predicate<WebSocketConnectException> which) {
            this.retryFailure = Objects.requireNonNull(which);
            return this;
        }

        /**
         * Sends while disconnected wait (in order, up to {@code maxBytes}) instead of failing.
         *
         * @param maxBytes the most bytes waiting; a send past it fails with
         *                 {@link dev.weft.SendQueueFullException}
         * @return this builder
         */
        public Builder queueWhileDisconnected(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            this.whileDisconnected = WhileDisconnected.QUEUE;
            this.maxQueuedBytes = maxBytes;
            return this;
        }

        /**
         * Runs on each new connection after a loss, before waiting sends go out: restore what the
         * server forgot (subscriptions, a session). Called on the connection's loop with the
         * stable handle and the attempt that succeeded.
         *
         * @param hook the hook
         * @return this builder
         */
        public Builder onReconnect(BiConsumer<WebSocket, Integer> hook) {
            this.onReconnect = Objects.requireNonNull(hook);
            return this;
        }

        /**
         * The policy.
         *
         * @return the policy
         */
        public ReconnectPolicy build() {
            return new ReconnectPolicy(this);
        }
    }
}
