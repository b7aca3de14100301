package org.plotracker.benchmarks.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Throughput curves as PNG (JFreeChart, headless): events per second of the raw consumer, the pass-through app and the
 * tracker against events per patient (same total events) or against patients, log–log, medians of the repetitions;
 * optionally the tracker of earlier runs (e.g. before a change) as dashed lines.
 */
final class ThroughputPlot {

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0xff7f0e)};

    private ThroughputPlot() {
    }

    /** Throughput against events per patient, over the shapes of {@code events} events. */
    static void byEventsPerPatient(Summary summary, long events, String label, List<Results.Run> earlier,
                                   Path file) throws IOException {
        write(shapes(summary, s -> s.events() == events), Summary.Shape::eventsPerPatient, "events per patient",
                String.format("Throughput vs history length (%,d events, %s)", events, label), label, earlier,
                run -> shapes(Summary.of(run.points()), s -> s.events() == events), file);
    }

    /** Throughput against patients, over the shapes with the fewest events per patient. */
    static void byPatients(Summary summary, String label, List<Results.Run> earlier, Path file) throws IOException {
        int fewest = summary.shapes().stream().mapToInt(Summary.Shape::eventsPerPatient).min().orElse(0);
        write(shapes(summary, s -> s.eventsPerPatient() == fewest), Summary.Shape::patients, "patients",
                String.format("Throughput vs patients (%d events per patient, %s)", fewest, label), label, earlier,
                run -> shapes(Summary.of(run.points()), s -> s.eventsPerPatient() == fewest), file);
    }

    private static List<Summary.Shape> shapes(Summary summary, java.util.function.Predicate<Summary.Shape> which) {
        List<Summary.Shape> list = new ArrayList<>(summary.shapes().stream().filter(which).toList());
        list.sort(Comparator.comparingInt(Summary.Shape::eventsPerPatient).thenComparingInt(Summary.Shape::patients));
        return list;
    }

    private static void write(List<Summary.Shape> shapes, ToIntFunction<Summary.Shape> x, String xLabel,
                              String title, String label, List<Results.Run> earlier,
                              java.util.function.Function<Results.Run, List<Summary.Shape>> earlierShapes, Path file)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("raw consumer", shapes, x, p -> p.raw().eventsPerSecond()));
        data.addSeries(series("pass-through Streams app (EOS)", shapes, x, p -> p.passThrough().eventsPerSecond()));
        data.addSeries(series("tracker (" + label + ")", shapes, x, p -> p.tracker().eventsPerSecond()));
        for (Results.Run run : earlier) {
            data.addSeries(series("tracker (" + run.label() + ")", earlierShapes.apply(run), x,
                    p -> p.tracker().eventsPerSecond()));
        }
        LogAxis xAxis = new LogAxis(xLabel);
        xAxis.setBase(10);
        xAxis.setSmallestValue(1);
        xAxis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        LogAxis yAxis = new LogAxis("events per second (log)");
        yAxis.setBase(10);
        yAxis.setSmallestValue(1);
        yAxis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        double[] xs = range(data, true);
        double[] ys = range(data, false);
        xAxis.setRange(xs[0] / 1.6, xs[1] * 1.6);
        yAxis.setRange(ys[0] / 2.5, ys[1] * 2.5);
        xAxis.setTickUnit(new NumberTickUnit(xs[1] / xs[0] > 30 ? 1.0 : 0.5));
        yAxis.setTickUnit(new NumberTickUnit(1.0));
        xAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        yAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{2}",
                new java.text.DecimalFormat("#,##0"), new java.text.DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            renderer.setSeriesStroke(i, i < 3 ? new BasicStroke(2.5f) : new BasicStroke(2.0f, BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f));
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 15)));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
    }

    /** Smallest and largest x (or y) over every series. */
    private static double[] range(XYSeriesCollection data, boolean x) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < data.getSeriesCount(); i++) {
            for (int j = 0; j < data.getItemCount(i); j++) {
                double v = x ? data.getXValue(i, j) : data.getYValue(i, j);
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max == 0 ? new double[] {1, 10} : new double[] {min, max};
    }

    private static XYSeries series(String name, List<Summary.Shape> shapes, ToIntFunction<Summary.Shape> x,
                                   ToDoubleFunction<Results.Point> y) {
        XYSeries series = new XYSeries(name);
        for (Summary.Shape s : shapes) {
            series.add(x.applyAsInt(s), s.of(y).median());
        }
        return series;
    }
}
