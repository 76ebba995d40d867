package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Figure;
import dev.weft.benchmarks.load.Measurement;
import dev.weft.benchmarks.load.Scenario;
import dev.weft.benchmarks.load.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
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
        Scenario small = scenario("small");
        String md = Report.write(dir, "## heading", List.of(small), results);
        assertThat(md).contains("| weft | 3 | 200 | 2.00 | 1.00× | 1.00× | 0 |")
                .contains("| netty | 1 | 100 | 4.00 | 2.00× | 0.50× | 0 |")
                .contains("jetty failed 1 run(s): IOException: refused")
                .contains("![small](small.png)");
        assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo(md);
        byte[] png = Files.readAllBytes(dir.resolve("small.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        BufferedImage chart = ImageIO.read(dir.resolve("small.png").toFile());
        assertThat(pixels(chart, BarCharts.WEFT)).as("weft's bar, in its own colour").isGreaterThan(1000);
        assertThat(pixels(chart, BarCharts.OTHERS)).as("the other servers' bars").isGreaterThan(1000);
    }

    @Test
    void theContainerPairsGetTheirOwnRatiosWhenBothRowsRan(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Results results = new Results();
        results.add("small", "weft", m(1000, 0.5));
        results.add("small", "weft-tomcat", m(400, 2));
        results.add("small", "tomcat", m(100, 8));
        results.add("small", "weft-jetty", m(300, 3));
        String md = Report.write(dir, "## heading", List.of(scenario("small")), results);
        assertThat(md).contains("| in a servlet container | messages/s | CPU µs |")
                .contains("| weft-tomcat ÷ tomcat | 4.00× | 0.25× |")
                .contains("| weft-tomcat ÷ weft | 0.40× | 4.00× |")
                .contains("| weft-jetty ÷ weft | 0.30× | 6.00× |")
                .doesNotContain("jetty-jakarta");
    }

    @Test
    void aMemoryRunWithTheFloorServerShowsEachJvmServersLiveHeapAboveIt(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Results results = new Results();
        results.add("memory", "nio-floor", memory(0.5, 0.6));
        results.add("memory", "weft", memory(3, 1.1));
        results.add("memory", "netty", memory(4, 1.8));
        results.add("memory", "ws", memory(9, -1));
        String md = Report.write(dir, "## heading", List.of(scenario("memory")), results);
        assertThat(md).contains("| above nio-floor | live heap KiB/connection | weft ÷ server, live heap KiB/connection |")
                .contains("| weft | 0.50 | 1.00× |")
                .contains("| netty | 1.20 | 0.42× |")
                .doesNotContain("| ws | -");
    }

    private static Measurement memory(double rss, double heap) {
        return new Measurement(List.of(Figure.less("RSS KiB/connection", rss), Figure.less("live heap KiB/connection", heap),
                Figure.less("first wave: RSS KiB/connection", rss * 10)), 0);
    }

    @Test
    void aLatencyChartShowsP50AndP99SideBySideOnOneScale(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Results results = new Results();
        results.add("latency", "weft", latency(120, 300));
        results.add("latency", "netty", latency(137, 2_000));
        Report.write(dir, "## heading", List.of(scenario("latency")), results);
        BufferedImage chart = ImageIO.read(dir.resolve("latency.png").toFile());
        int half = chart.getWidth() / 2;
        assertThat(chart.getWidth()).as("two panels").isEqualTo(2 * chart.getHeight() * 900 / 480);
        // On one scale, weft's p99 bar (300 of the shared 2,000 top) is taller than its p50 bar.
        int p50 = barHeight(chart, 0, half);
        int p99 = barHeight(chart, half, chart.getWidth());
        assertThat(p99).isGreaterThan(2 * p50);
        assertThat(pixels(chart, BarCharts.OTHERS)).isGreaterThan(1000);
    }

    private static Measurement latency(double p50, double p99) {
        return new Measurement(List.of(Figure.less("p50 µs", p50), Figure.less("p99 µs", p99),
                Figure.less("p99.9 µs", p99 * 2), Figure.less("max µs", p99 * 3)), 0);
    }

    private static Scenario scenario(String name) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
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
    }

    private static int pixels(BufferedImage image, Color color) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }

    /** The height in pixels of the tallest run of weft's colour in a column of {@code [from, to)}. */
    private static int barHeight(BufferedImage image, int from, int to) {
        int best = 0;
        for (int x = from; x < to; x++) {
            int run = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                boolean weft = (image.getRGB(x, y) & 0xFFFFFF) == (BarCharts.WEFT.getRGB() & 0xFFFFFF);
                run = weft ? run + 1 : 0;
                best = Math.max(best, run);
            }
        }
        return best;
    }
}
