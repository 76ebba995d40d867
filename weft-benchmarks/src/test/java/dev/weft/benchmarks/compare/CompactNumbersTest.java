package dev.weft.benchmarks.compare;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Chart labels short enough for a bar, in the figure's own unit. */
class CompactNumbersTest {
    @Test
    void ratesAndCountsUseKAndM() {
        var f = CompactNumbers.forFigure("messages/s");
        assertThat(f.apply(2_402_272.0)).isEqualTo("2.4 M");
        assertThat(f.apply(12_277_354.0)).isEqualTo("12 M");
        assertThat(f.apply(340_120.0)).isEqualTo("340 k");
        assertThat(f.apply(4_567.0)).isEqualTo("4.6 k");
        assertThat(f.apply(950.0)).isEqualTo("950");
        assertThat(f.apply(0.0)).isEqualTo("0");
    }

    @Test
    void throughputSwitchesToGigabytes() {
        var f = CompactNumbers.forFigure("MB/s");
        assertThat(f.apply(3_499.0)).isEqualTo("3.5 GB/s");
        assertThat(f.apply(12_500.0)).isEqualTo("13 GB/s");
        assertThat(f.apply(812.4)).isEqualTo("812 MB/s");
    }

    @Test
    void latencySwitchesToMilliseconds() {
        var f = CompactNumbers.forFigure("p99 µs");
        assertThat(f.apply(120.447)).isEqualTo("120 µs");
        assertThat(f.apply(2_138.111)).isEqualTo("2.1 ms");
        assertThat(f.apply(7.25)).isEqualTo("7.3 µs");
    }

    @Test
    void memoryKeepsItsUnit() {
        assertThat(CompactNumbers.forFigure("RSS KiB/connection").apply(2.84)).isEqualTo("2.8 KiB");
        assertThat(CompactNumbers.forFigure("RSS MiB with connections").apply(131.6)).isEqualTo("132 MiB");
    }
}
