package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Figure;
import dev.weft.benchmarks.load.Measurement;
import dev.weft.benchmarks.load.Scenario;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Writes the comparison as markdown tables (medians, with weft's ratio to each server) and PNG bar charts. */
final class Report {
    private Report() {
    }

    /** The markdown for every scenario; writes a chart per scenario into {@code dir} as it goes. */
    static String write(Path dir, String heading, List<Scenario> scenarios, Results results) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder(heading).append('\n');
        for (Scenario scenario : scenarios) {
            List<String> servers = results.servers(scenario.name());
            md.append("\n### ").append(scenario.name()).append(": ").append(scenario.description()).append("\n\n");
            if (!servers.isEmpty()) {
                table(md, scenario.name(), servers, results);
                pairs(md, scenario.name(), results);
                aboveFloor(md, scenario.name(), servers, results);
                Path png = dir.resolve(scenario.name() + ".png");
                chart(scenario, servers, results, png);
                md.append("\n![").append(scenario.name()).append("](").append(png.getFileName()).append(")\n");
            }
            for (Map.Entry<String, List<String>> f : results.failures(scenario.name()).entrySet()) {
                md.append("\n- ").append(f.getKey()).append(" failed ").append(f.getValue().size()).append(" run(s): ")
                        .append(f.getValue().get(0)).append('\n');
            }
        }
        Files.writeString(dir.resolve("README.md"), md);
        return md.toString();
    }

    private static void table(StringBuilder md, String scenario, List<String> servers, Results results) {
        List<Figure> names = results.median(scenario, servers.get(0)).orElseThrow().figures();
        Optional<Measurement> weft = results.median(scenario, "weft");
        md.append("| server | runs |");
        names.forEach(f -> md.append(' ').append(f.name()).append(" |"));
        int ratios = Math.min(2, names.size());
        for (int i = 0; i < ratios; i++) {
            md.append(" weft ÷ server, ").append(names.get(i).name()).append(" |");
        }
        md.append(" wrong replies |\n|---|---:|");
        md.append("---:|".repeat(names.size() + ratios)).append("---:|\n");
        for (String server : servers) {
            Measurement m = results.median(scenario, server).orElseThrow();
            md.append("| ").append(server).append(" | ").append(results.runCount(scenario, server)).append(" |");
            m.figures().forEach(f -> md.append(' ').append(Measurement.format(f.value())).append(" |"));
            for (int i = 0; i < ratios; i++) {
                double peer = m.figures().get(i).value();
                md.append(weft.isPresent() && peer > 0
                        ? String.format(Locale.ROOT, " %.2f× |", weft.get().figures().get(i).value() / peer) : " |");
            }
            md.append(' ').append(m.mismatches()).append(" |\n");
        }
    }

    /**
     * The pairs that show what running inside a servlet container costs or saves: weft beside each
     * container's own WebSocket implementation in the same container, and weft in a container
     * beside weft on its own port. Only pairs with both rows measured.
     */
    static final List<List<String>> PAIRS = List.of(List.of("weft-tomcat", "tomcat"), List.of("weft-jetty", "jetty-jakarta"),
            List.of("weft-tomcat", "weft"), List.of("weft-jetty", "weft"));

    private static void pairs(StringBuilder md, String scenario, Results results) {
        List<List<String>> measured = PAIRS.stream().filter(p -> results.median(scenario, p.get(0)).isPresent()
                && results.median(scenario, p.get(1)).isPresent()).toList();
        if (measured.isEmpty()) {
            return;
        }
        List<Figure> names = results.median(scenario, measured.get(0).get(0)).orElseThrow().figures();
        md.append("\n| in a servlet container |");
        names.forEach(f -> md.append(' ').append(f.name()).append(" |"));
        md.append("\n|---|").append("---:|".repeat(names.size())).append('\n');
        for (List<String> pair : measured) {
            Measurement a = results.median(scenario, pair.get(0)).orElseThrow();
            Measurement b = results.median(scenario, pair.get(1)).orElseThrow();
            md.append("| ").append(pair.get(0)).append(" ÷ ").append(pair.get(1)).append(" |");
            for (int i = 0; i < names.size(); i++) {
                double under = b.figures().get(i).value();
                md.append(under > 0 ? String.format(Locale.ROOT, " %.2f× |", a.figures().get(i).value() / under) : " |");
            }
            md.append('\n');
        }
    }

    /** The bare NIO server whose live heap per connection is the JDK's own share of any server's. */
    static final String FLOOR = "nio-floor";

    /**
     * For a memory scenario the floor server ran in: each JVM server's live heap per connection
     * above the floor's (what the library itself adds to the JDK's socket, key and addresses),
     * with weft's ratio to each server's.
     */
    private static void aboveFloor(StringBuilder md, String scenario, List<String> servers, Results results) {
        Optional<Measurement> floor = results.median(scenario, FLOOR);
        if (floor.isEmpty()) {
            return;
        }
        List<Figure> heap = floor.get().figures().stream().filter(f -> f.name().contains("live heap")).toList();
        Optional<Measurement> weft = results.median(scenario, "weft");
        md.append("\n| above ").append(FLOOR).append(" |");
        heap.forEach(f -> md.append(' ').append(f.name()).append(" |"));
        md.append(" weft ÷ server, ").append(heap.get(0).name()).append(" |\n|---|")
                .append("---:|".repeat(heap.size() + 1)).append('\n');
        for (String server : servers) {
            Measurement m = results.median(scenario, server).orElseThrow();
            if (server.equals(FLOOR) || value(m, heap.get(0).name()) < 0) {
                continue; // not a JVM server: no live heap to compare
            }
            md.append("| ").append(server).append(" |");
            heap.forEach(f -> md.append(String.format(Locale.ROOT, " %.2f |", value(m, f.name()) - f.value())));
            double above = value(m, heap.get(0).name()) - heap.get(0).value();
            md.append(weft.isPresent() && above > 0 ? String.format(Locale.ROOT, " %.2f× |",
                    (value(weft.get(), heap.get(0).name()) - heap.get(0).value()) / above) : " |").append('\n');
        }
    }

    private static double value(Measurement m, String figure) {
        return m.figures().stream().filter(f -> f.name().equals(figure)).findFirst().orElseThrow().value();
    }

    /**
     * The scenario's chart: its headline figure per server; for a latency, p50 and p99 side by
     * side on one scale.
     */
    private static void chart(Scenario scenario, List<String> servers, Results results, Path png) throws IOException {
        Measurement first = results.median(scenario.name(), servers.get(0)).orElseThrow();
        List<String> names = first.figures().stream().map(Figure::name).toList();
        BufferedImage image;
        if (names.contains("p50 µs") && names.contains("p99 µs")) {
            List<Double> p50 = values(scenario, servers, results, "p50 µs");
            List<Double> p99 = values(scenario, servers, results, "p99 µs");
            double top = p99.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            image = BarCharts.sideBySide(
                    BarCharts.chart(scenario.name() + ": p50 µs (lower is better)", "p50 µs", servers, p50, top),
                    BarCharts.chart(scenario.name() + ": p99 µs (lower is better)", "p99 µs", servers, p99, top));
        } else {
            Figure headline = first.headline();
            image = BarCharts.chart(scenario.name() + ": " + headline.name()
                            + (headline.higherIsBetter() ? " (higher is better)" : " (lower is better)"),
                    headline.name(), servers, values(scenario, servers, results, headline.name()), 0);
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static List<Double> values(Scenario scenario, List<String> servers, Results results, String figure) {
        List<Double> values = new ArrayList<>();
        for (String server : servers) {
            values.add(results.median(scenario.name(), server).orElseThrow().figures().stream()
                    .filter(f -> f.name().equals(figure)).findFirst().orElseThrow().value());
        }
        return values;
    }
}
