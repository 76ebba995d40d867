package dev.weft.testing;

import dev.weft.Ticker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test moves it: give it to {@code WebSocketConfig.Builder.ticker}
 * and a timeout fires when the test has advanced past it, not after real waiting.
 */
public final class ManualTicker implements Ticker {
    /** Far from zero, so no code can mistake the start for "never". */
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param by how far
     */
    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
