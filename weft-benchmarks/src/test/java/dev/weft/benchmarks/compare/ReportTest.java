package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Figure;
import dev.weft.benchmarks.load.Measurement;
import dev.weft.benchmarks.load.Scenario;
import dev.weft.benchmarks.load.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report gives medians, weft's ratio to each server, failures, and a PNG chart per scenario. */
class ReportTest {
    private static Measurement m(double rate, double cpu) {
        return new Measurement(List.of(Figure.more("messages/s", rate), Figure.less("CPU µs", cpu)), 0);
    }

    @Test
    void tablesMediansRatiosAndCharts(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Results results = new Results();
        results.add("small", "weft", m(300, 1));
        results.add("small", "weft", m(100, 9));
        results.add("small", "weft", m(200, 2));
        results.add("small", "netty", m(100, 4));
        results.fail("small", "jetty", "IOException: refused");
        assertThat(results.median("small", "weft").orElseThrow().figures())
                .extracting(Figure::value).containsExactly(200.0, 2.0);
        Scenario small = new Scenario() {
            @Override
            public String name() {
                return "small";
            }

            @Override
            public String description() {
                return "a test";
            }

            @Override
            public Measurement run(Target target) {
                throw new UnsupportedOperationException();
            }
        };
        String md = Report.write(dir, "## heading", List.of(small), results);
        assertThat(md).contains("| weft | 3 | 200 | 2.00 | 1.00× | 1.00× | 0 |")
                .contains("| netty | 1 | 100 | 4.00 | 2.00× | 0.50× | 0 |")
                .contains("jetty failed 1 run(s): IOException: refused")
                .contains("![small](small.png)");
        assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo(md);
        byte[] png = Files.readAllBytes(dir.resolve("small.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
