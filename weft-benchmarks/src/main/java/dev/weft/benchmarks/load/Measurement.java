package dev.weft.benchmarks.load;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one scenario measured against one server: its figures, the first being the one servers
 * are ranked by, and how many replies differed from what was sent (any is a failed run).
 *
 * @param figures    the figures, the headline first
 * @param mismatches replies that were not byte for byte what they should have been
 */
public record Measurement(List<Figure> figures, long mismatches) {
    /** The headline figure. */
    public Figure headline() {
        return figures.get(0);
    }

    @Override
    public String toString() {
        return figures.stream().map(f -> String.format(Locale.ROOT, "%s=%s", f.name(), format(f.value())))
                .collect(Collectors.joining(", ")) + (mismatches == 0 ? "" : ", MISMATCHES=" + mismatches);
    }

    /** Numbers as a reader wants them: thousands grouped, two decimals only when small. */
    public static String format(double v) {
        if (v < 0) {
            return "n/a"; // negative: a figure this server cannot give (live heap of a Node process)
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
