package dev.weft.benchmarks.compare;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The comparison's bar charts: one bar per server, weft's in its own colour so it is found at a
 * glance, each bar labelled with a short number ({@link CompactNumbers}) at its top.
 */
final class BarCharts {
    /** weft's bars. */
    static final Color WEFT = new Color(0xE8, 0x6A, 0x17);
    /** Every other server's bars. */
    static final Color OTHERS = new Color(0x5B, 0x7D, 0xB1);
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;

    private BarCharts() {
    }

    /**
     * One chart of one figure.
     *
     * @param title   the chart's title
     * @param figure  the figure's name, which also picks the label format
     * @param servers the servers, in the report's order
     * @param values  each server's value, in the same order
     * @param yMax    the top of the value axis, or 0 to fit the values
     * @return the chart, drawn
     */
    static BufferedImage chart(String title, String figure, List<String> servers, List<Double> values, double yMax) {
        Function<Double, String> format = CompactNumbers.forFigure(figure);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("server").yAxisTitle(figure).build();
        var styler = chart.getStyler();
        styler.setLegendVisible(false);
        styler.setChartTitleBoxVisible(false);
        styler.setOverlapped(true); // the weft and the others series share each server's slot
        styler.setLabelsVisible(true);
        styler.setLabelsPosition(1.0);
        styler.setLabelsFontColorAutomaticEnabled(false);
        styler.setLabelsFontColor(Color.BLACK);
        styler.setyAxisTickLabelsFormattingFunction(format);
        styler.setYAxisMin(0.0);
        double top = yMax > 0 ? yMax : values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        styler.setYAxisMax(top * 1.08); // room for the label on the tallest bar
        styler.setSeriesColors(new Color[] {WEFT, OTHERS});
        List<Double> weft = new ArrayList<>();
        List<Double> others = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            boolean isWeft = servers.get(i).equals("weft");
            weft.add(isWeft ? values.get(i) : null);
            others.add(isWeft ? null : values.get(i));
        }
        chart.addSeries("weft", servers, weft);
        chart.addSeries("others", servers, others);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Two charts side by side on one scale, such as a latency's p50 and p99.
     *
     * @param left  the left chart
     * @param right the right chart
     * @return both in one image
     */
    static BufferedImage sideBySide(BufferedImage left, BufferedImage right) {
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        return both;
    }
}
