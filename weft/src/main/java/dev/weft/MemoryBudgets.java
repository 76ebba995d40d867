package dev.weft;

import java.time.Duration;
import java.util.Objects;

/**
 * Memory bounds over all the connections of one server (or one client), on top of each
 * connection's own limits. A message limit of 16 MiB is safe for one peer, but not for
 * thousands of peers at once: these budgets bound the sum.
 *
 * <ul>
 *   <li><b>Inbound</b>: bytes held in messages still being assembled or inflated, counted until
 *       the message is handed to the listener. A connection that needs more than is left stops
 *       being read (TCP flow control then slows its sender), in the middle of an inflating frame
 *       if need be, and goes on when memory is given back. Connections whose messages arrive in
 *       one read (most small messages) need none and keep being served, as do new handshakes.
 *       So that waiting connections cannot starve one another, one connection at a time may go
 *       past the budget by up to its message limit. A connection left waiting longer than
 *       {@link #waitTimeout()} is closed with 1013 (try again later).</li>
 *   <li><b>Outbound</b>: bytes held in send queues. Past it, sends fail at once with
 *       {@link SendQueueFullException}, as past a connection's own cap; a broadcast skips those
 *       peers. A broadcast frame is one buffer shared by every queue that holds it, and is
 *       counted once. The last quarter of the budget is kept for connections that keep up
 *       (nothing queued, and a send written before): peers that stop reading can tie up three
 *       quarters at most, so connections that read keep receiving, and broadcasts, which would
 *       wait in slow queues too, draw on those three quarters. Which slow peers to let go is the
 *       application's choice: a refused send names the connection.</li>
 * </ul>
 *
 * <p>Immutable; {@link #defaults()} or {@link #builder()}.
 */
public final class MemoryBudgets {
    /** The most either default budget is, whatever the heap: 256 MiB. */
    public static final long DEFAULT_CEILING = 256L * 1024 * 1024;
    /** 30 s: long enough for a burst of large messages to drain, short enough to free a stuck connection. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);

    private final long inbound;
    private final long outbound;
    private final Duration waitTimeout;

    private MemoryBudgets(Builder b) {
        this.inbound = b.inbound;
        this.outbound = b.outbound;
        this.waitTimeout = b.waitTimeout;
    }

    /**
     * The default budgets, worked out from this JVM's maximum heap when first asked.
     *
     * @return the default budgets
     */
    public static MemoryBudgets defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default for each budget: the smaller of 256 MiB and a quarter of the maximum heap, so
     * that both together leave at least half of the heap to the application (what its listeners
     * keep of the messages they were handed, among everything else).
     *
     * @return the default budget in bytes
     */
    public static long defaultBudget() {
        return Math.min(DEFAULT_CEILING, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Bytes all connections together may hold in messages not yet handed over.
     *
     * @return the inbound budget in bytes
     */
    public long inbound() {
        return inbound;
    }

    /**
     * Bytes all connections together may hold in send queues.
     *
     * @return the outbound budget in bytes
     */
    public long outbound() {
        return outbound;
    }

    /**
     * How long a connection may wait for inbound memory before it is closed with 1013; 30 s by default.
     *
     * @return the wait timeout
     */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    @Override
    public String toString() {
        return "MemoryBudgets[inbound=" + inbound + ", outbound=" + outbound + ", waitTimeout=" + waitTimeout + "]";
    }

    /** Builds {@link MemoryBudgets}; every setter validates its argument. */
    public static final class Builder {
        private long inbound = defaultBudget();
        private long outbound = defaultBudget();
        private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets the inbound budget in bytes; {@link #defaultBudget()} by default.
         *
         * @param bytes the budget, more than zero
         * @return this builder
         */
        public Builder inbound(long bytes) {
            this.inbound = positive(bytes, "inbound");
            return this;
        }

        /**
         * Sets the outbound budget in bytes; {@link #defaultBudget()} by default.
         *
         * @param bytes the budget, more than zero
         * @return this builder
         */
        public Builder outbound(long bytes) {
            this.outbound = positive(bytes, "outbound");
            return this;
        }

        /**
         * Sets how long a connection may wait for inbound memory before it is closed with 1013.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder waitTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("waitTimeout must be positive: " + timeout);
            }
            this.waitTimeout = timeout;
            return this;
        }

        private static long positive(long bytes, String name) {
            if (bytes < 1) {
                throw new IllegalArgumentException(name + " budget must be positive: " + bytes);
            }
            return bytes;
        }

        /**
         * Builds the budgets.
         *
         * @return the budgets
         */
        public MemoryBudgets build() {
            return new MemoryBudgets(this);
        }
    }
}
