package dev.weft.protocol;

/**
 * Lends the state for frames and messages in progress (the frame parser, the message
 * assembler, a control frame's bytes) to the connections one thread drives, so that an idle
 * connection holds none of it: a connection borrows when bytes arrive and gives back whenever
 * it is between messages. A few given-back ones are kept for the next borrower; the rest are
 * left to the collector, so a burst of connections each in the middle of a message does not
 * stay allocated after it.
 *
 * <p>Not thread-safe: share one only between connections whose input the same thread parses
 * (a transport's event loop), through {@link ProtocolConnection.Builder#receptionPool}.
 */
public final class ReceptionPool {
    /**
     * How many given-back receptions are kept. One is enough while connections take turns;
     * a few more cover a listener that feeds another connection's input from its callback.
     * Each may hold a first assembly array of up to 64 KiB kept for its next message.
     */
    private static final int KEEP = 8;

    private final Reception[] free = new Reception[KEEP];
    private int count;

    /** An empty pool. */
    public ReceptionPool() {
    }

    /** How many given-back receptions wait here for a borrower. */
    int kept() {
        return count;
    }

    Reception take() {
        if (count == 0) {
            return new Reception();
        }
        Reception r = free[--count];
        free[count] = null;
        return r;
    }

    /** Takes back a reception that {@link Reception#isIdle()}. */
    void give(Reception r) {
        r.unbind();
        if (count < KEEP) {
            free[count++] = r;
        }
    }
}
