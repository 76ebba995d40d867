package dev.weft.protocol;

/**
 * Memory that many connections draw from: the bytes a connection holds in messages it is still
 * assembling or inflating are taken from it before they are buffered and given back once the
 * message has been delivered (or the connection is gone). When a request is refused, the
 * connection stops where it is ({@link ProtocolConnection#isWaitingForMemory()}) until the
 * transport, told that memory was given back, calls {@link ProtocolConnection#retryAfterMemory()}.
 *
 * <p>The core only asks and gives back; how much there is, who waits and for how long is the
 * transport's business. Called from the connection's own thread; an implementation shared by
 * connections on several threads must be thread-safe.
 */
public interface MemoryBudget {
    /**
     * Takes {@code bytes} from the budget.
     *
     * @param bytes how many bytes to take, more than zero
     * @return true if they were taken; false if the budget cannot spare them now, in which case
     *     nothing was taken
     */
    boolean tryReserve(long bytes);

    /**
     * Gives back bytes taken with {@link #tryReserve}.
     *
     * @param bytes how many bytes to give back, no more than were taken
     */
    void release(long bytes);

    /**
     * A budget that never refuses: each connection is then bounded by its message limit alone.
     *
     * @return the budget that always says yes
     */
    static MemoryBudget unlimited() {
        return Unlimited.INSTANCE;
    }

    /** The {@link #unlimited()} budget. */
    enum Unlimited implements MemoryBudget {
        /** The one instance. */
        INSTANCE;

        @Override
        public boolean tryReserve(long bytes) {
            return true;
        }

        @Override
        public void release(long bytes) {
            // nothing was counted
        }
    }
}
