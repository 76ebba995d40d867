package dev.weft;

/** {@link System#nanoTime()}, as one instance that the event loops can recognise. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
