package dev.weft.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement window over a running load: a warm-up under the same load (JIT compilers,
 * caches and pools settle), then a counter and the CPU time of the server and of the load
 * generator read at both ends.
 *
 * @param count               what the counter advanced by in the window
 * @param seconds             the window's length
 * @param serverCpuSeconds    the server's CPU time in the window; negative without a pid
 * @param generatorCpuSeconds the load generator's CPU time in the window: its share of the
 *                            window is how busy its core was, which says whether it, rather than
 *                            the server, may have been the limit
 * @param mismatches          wrong replies the generator found in the window (or failed cycles)
 */
record Window(long count, double seconds, double serverCpuSeconds, double generatorCpuSeconds, long mismatches) {
    private static final long WARM_UP_MILLIS = 2000;

    /**
     * Warms up, then measures {@code counter}, the server's CPU and this JVM's own (the load
     * generator, when weft's client generates the load) over {@code length}.
     */
    static Window measure(AtomicLong counter, Target target, Duration length) throws IOException, InterruptedException {
        Thread.sleep(Math.min(WARM_UP_MILLIS, length.toMillis()));
        long self = ProcessHandle.current().pid();
        long startCount = counter.get();
        double startCpu = ProcessStats.cpuSeconds(target.pid());
        double startOwn = ProcessStats.cpuSeconds(self);
        long start = System.nanoTime();
        Thread.sleep(length.toMillis());
        long count = counter.get() - startCount;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = target.pid() > 0 ? ProcessStats.cpuSeconds(target.pid()) - startCpu : -1;
        return new Window(count, elapsed, cpu, ProcessStats.cpuSeconds(self) - startOwn, 0);
    }

    /** This window with the wrong replies counted by whoever generated the load. */
    Window withMismatches(long wrong) {
        return new Window(count, seconds, serverCpuSeconds, generatorCpuSeconds, wrong);
    }

    /** The rate, as a figure where more is better. */
    Figure rate(String name) {
        return Figure.more(name, count / seconds);
    }

    /**
     * The headline figures: the rate, the server's CPU time per event when its pid is known, and
     * how busy the load generator's core was (percent).
     */
    List<Figure> rateAndCpu(String rateName, String cpuName) {
        Figure busy = Figure.less("generator core busy %", 100 * generatorCpuSeconds / seconds);
        return serverCpuSeconds < 0 ? List.of(rate(rateName), busy)
                : List.of(rate(rateName), Figure.less(cpuName, serverCpuSeconds * 1e6 / Math.max(1, count)), busy);
    }

    /** A run that moved nothing is a failed run: it counts as one mismatch. */
    long emptyPenalty() {
        return count == 0 ? 1 : 0;
    }
}
