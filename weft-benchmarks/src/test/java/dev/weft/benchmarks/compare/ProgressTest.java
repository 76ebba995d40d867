package dev.weft.benchmarks.compare;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparison's progress lines: time elapsed, and time left at the pace so far. */
class ProgressTest {
    @Test
    void saysElapsedAndEstimatesWhatIsLeftFromThePaceSoFar() {
        assertThat(Compare.progress(TimeUnit.SECONDS.toNanos(5), 0, 10)).isEqualTo("5s elapsed");
        // 3 of 12 runs in 3 min 10 s: 9 more at the same pace.
        assertThat(Compare.progress(TimeUnit.SECONDS.toNanos(190), 3, 12)).isEqualTo("3m10s elapsed, ~9m30s left");
        assertThat(Compare.progress(TimeUnit.SECONDS.toNanos(61), 12, 12)).isEqualTo("1m01s elapsed, ~0s left");
    }
}
