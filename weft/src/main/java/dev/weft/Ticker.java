package dev.weft;

/**
 * Where weft reads the time its timeouts run on (opening handshake, close, idle, keepalive,
 * memory wait): a monotonic count of nanoseconds, as {@link System#nanoTime()} gives. The
 * system's by default. A test sets its own (see {@link WebSocketConfig.Builder#ticker(Ticker)})
 * and moves it forward to see a timeout fire, without waiting for it.
 *
 * <p>With a ticker other than the system's, event loops look at it at least every few
 * milliseconds, so a move forward is noticed at once.
 */
@FunctionalInterface
public interface Ticker {
    /**
     * The current time.
     *
     * @return nanoseconds from an arbitrary origin; only differences between readings mean
     *     anything, and readings never go backwards
     */
    long nanoTime();

    /**
     * The system's monotonic clock.
     *
     * @return the ticker reading {@link System#nanoTime()}
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
