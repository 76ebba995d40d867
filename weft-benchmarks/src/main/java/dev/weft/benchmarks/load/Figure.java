package dev.weft.benchmarks.load;

/**
 * One measured quantity.
 *
 * @param name           what it measures, such as "messages/s"
 * @param value          the measurement
 * @param higherIsBetter whether a larger value is the better one (throughput) or the worse (latency, memory)
 */
public record Figure(String name, double value, boolean higherIsBetter) {
    /** A figure where more is better. */
    public static Figure more(String name, double value) {
        return new Figure(name, value, true);
    }

    /** A figure where less is better. */
    public static Figure less(String name, double value) {
        return new Figure(name, value, false);
    }
}
