package dev.weft.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement window over a running load: a warm-up under the same load (JIT compilers,
 * caches and pools settle), then a counter and the server's CPU time read at both ends.
 *
 * @param count            what the counter advanced by in the window
 * @param seconds          the window's length
 * @param serverCpuSeconds the server's CPU time in the window; negative without a pid
 */
record Window(long count, double seconds, double serverCpuSeconds) {
    private static final long WARM_UP_MILLIS = 2000;

    /** Warms up, then measures {@code counter} and the server's CPU over {@code length}. */
    static Window measure(AtomicLong counter, Target target, Duration length) throws IOException, InterruptedException {
        Thread.sleep(Math.min(WARM_UP_MILLIS, length.toMillis()));
        long startCount = counter.get();
        double startCpu = ProcessStats.cpuSeconds(target.pid());
        long start = System.nanoTime();
        Thread.sleep(length.toMillis());
        long count = counter.get() - startCount;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = target.pid() > 0 ? ProcessStats.cpuSeconds(target.pid()) - startCpu : -1;
        return new Window(count, elapsed, cpu);
    }

    /** The rate, as a figure where more is better. */
    Figure rate(String name) {
        return Figure.more(name, count / seconds);
    }

    /** The headline figures: the rate and, when the server's pid is known, its CPU time per event. */
    List<Figure> rateAndCpu(String rateName, String cpuName) {
        return serverCpuSeconds < 0 ? List.of(rate(rateName))
                : List.of(rate(rateName), Figure.less(cpuName, serverCpuSeconds * 1e6 / Math.max(1, count)));
    }

    /** A run that moved nothing is a failed run: it counts as one mismatch. */
    long emptyPenalty() {
        return count == 0 ? 1 : 0;
    }
}
