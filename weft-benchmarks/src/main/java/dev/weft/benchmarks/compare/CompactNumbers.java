package dev.weft.benchmarks.compare;

import java.util.Locale;
import java.util.function.Function;

/**
 * Numbers for chart labels and axes, short enough to sit on a bar: {@code 1.2 M}, {@code 340 k},
 * {@code 3.3 GB/s}, {@code 2.1 ms}, {@code 2.8 KiB}; the unit follows from the figure's name.
 */
final class CompactNumbers {
    private CompactNumbers() {
    }

    /** The formatter for a figure named {@code figureName}, such as {@code messages/s} or {@code p50 µs}. */
    static Function<Double, String> forFigure(String figureName) {
        if (figureName.contains("MB/s")) {
            return CompactNumbers::megabytesPerSecond;
        }
        if (figureName.contains("µs")) {
            return CompactNumbers::microseconds;
        }
        if (figureName.contains("KiB")) {
            return v -> decimal(v) + " KiB";
        }
        if (figureName.contains("MiB")) {
            return v -> decimal(v) + " MiB";
        }
        return CompactNumbers::count;
    }

    /** A count or rate: {@code 950}, {@code 12 k}, {@code 1.2 M}. */
    static String count(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return decimal(v / 1e9) + " G";
        }
        if (a >= 1e6) {
            return decimal(v / 1e6) + " M";
        }
        if (a >= 1e3) {
            return decimal(v / 1e3) + " k";
        }
        return decimal(v);
    }

    static String megabytesPerSecond(double v) {
        return Math.abs(v) >= 1000 ? decimal(v / 1000) + " GB/s" : decimal(v) + " MB/s";
    }

    static String microseconds(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return decimal(v / 1e6) + " s";
        }
        return a >= 1000 ? decimal(v / 1000) + " ms" : decimal(v) + " µs";
    }

    /** One decimal below 10 (where it matters), none from 10 up: {@code 3.3}, {@code 42}, {@code 950}. */
    private static String decimal(double v) {
        if (v == 0) {
            return "0";
        }
        return Math.abs(v) < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
    }
}
