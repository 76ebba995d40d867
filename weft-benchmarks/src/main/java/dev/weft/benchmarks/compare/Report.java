package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Figure;
import dev.weft.benchmarks.load.Measurement;
import dev.weft.benchmarks.load.Scenario;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

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

    private static void chart(Scenario scenario, List<String> servers, Results results, Path png) throws IOException {
        List<Double> values = new ArrayList<>();
        Figure headline = null;
        for (String server : servers) {
            headline = results.median(scenario.name(), server).orElseThrow().headline();
            values.add(headline.value());
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
                .title(scenario.name() + ": " + headline.name() + (headline.higherIsBetter() ? " (higher is better)" : " (lower is better)"))
                .xAxisTitle("server").yAxisTitle(headline.name()).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries(headline.name(), servers, values);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
