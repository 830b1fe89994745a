package io.customer360.bench.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency by percentile, drawn like HdrHistogram's plotter: the x axis is 1/(1-percentile) on a log scale, so the
 * tail (99%, 99.9%, 99.99%) gets as much room as the median; one line per series and a dashed target line. Histogram
 * values are microseconds, the chart shows milliseconds. Plain Java2D, no extra dependencies. The one chart of every
 * benchmark.
 */
public final class LatencyChart {

    private static final int W = 960;
    private static final int H = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 60;
    private static final int PLOT_W = W - LEFT - RIGHT;
    private static final int PLOT_H = H - TOP - BOTTOM;
    private static final Color[] COLORS = {new Color(30, 90, 200), new Color(230, 120, 20), new Color(40, 150, 60)};

    private LatencyChart() {}

    /** One series against a p99 target of {@code targetMs}; the legend gives p50 to max and the count. */
    public static void write(Histogram histogram, double targetMs, String title, Path file) throws IOException {
        String legend = String.format(
                "p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   p99.9 %.2f ms   max %.2f ms   (%,d events)",
                ms(histogram, 50),
                ms(histogram, 90),
                ms(histogram, 99),
                ms(histogram, 99.9),
                histogram.getMaxValue() / 1000.0,
                histogram.getTotalCount());
        draw(file, title, targetMs, String.format("target p99 ≤ %.0f ms", targetMs), null, legend, histogram);
    }

    /** Several named series (e.g. a decision and its raw baseline) against one target line labelled {@code targetLabel}. */
    public static void write(
            Path file, String title, double targetMs, String targetLabel, String[] names, Histogram... series)
            throws IOException {
        StringBuilder legend = new StringBuilder();
        for (int s = 0; s < series.length; s++) {
            legend.append(String.format(
                    "%s p50 %.3f / p99 %.3f / max %.3f ms   ",
                    names[s], ms(series[s], 50), ms(series[s], 99), series[s].getMaxValue() / 1000.0));
        }
        draw(file, title, targetMs, targetLabel, names, legend.toString().strip(), series);
    }

    private static void draw(
            Path file,
            String title,
            double targetMs,
            String targetLabel,
            String[] names,
            String legend,
            Histogram... series)
            throws IOException {
        double maxX = 4; // up to 99.99 %
        double maxMs = targetMs * 1.2;
        for (Histogram histogram : series) {
            maxMs = Math.max(maxMs, histogram.getMaxValue() / 1000.0 * 1.1);
        }
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String[] percentiles = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int i = 0; i <= maxX; i++) {
            int x = LEFT + (int) (PLOT_W * i / maxX);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, TOP, x, TOP + PLOT_H);
            g.setColor(Color.DARK_GRAY);
            g.drawString(percentiles[i], x - g.getFontMetrics().stringWidth(percentiles[i]) / 2, TOP + PLOT_H + 18);
        }
        double step = niceStep(maxMs / 6);
        for (double ms = 0; ms <= maxMs; ms += step) {
            int y = y(ms, maxMs);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + PLOT_W, y);
            g.setColor(Color.DARK_GRAY);
            String label = step < 1 ? String.format("%.2f", ms) : String.format("%.0f", ms);
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, PLOT_W, PLOT_H);
        g.drawString("percentile", LEFT + PLOT_W / 2 - 30, H - 18);
        g.rotate(-Math.PI / 2);
        g.drawString("latency (ms)", -(TOP + PLOT_H / 2) - 35, 25);
        g.rotate(Math.PI / 2);

        g.setColor(new Color(200, 30, 30));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(LEFT, y(targetMs, maxMs), LEFT + PLOT_W, y(targetMs, maxMs));
        g.drawString(targetLabel, LEFT + 8, y(targetMs, maxMs) - 6);

        g.setStroke(new BasicStroke(2.2f));
        for (int s = 0; s < series.length; s++) {
            Path2D line = new Path2D.Double();
            boolean first = true;
            for (HistogramIterationValue v : series[s].percentiles(5)) {
                double p = Math.min(v.getPercentileLevelIteratedTo() / 100.0, 0.99999);
                double x = LEFT + PLOT_W * Math.min(Math.log10(1 / (1 - p)), maxX) / maxX;
                double y = y(v.getValueIteratedTo() / 1000.0, maxMs);
                if (first) {
                    line.moveTo(x, y);
                    first = false;
                } else {
                    line.lineTo(x, y);
                }
            }
            g.setColor(COLORS[s % COLORS.length]);
            g.draw(line);
            if (names != null) {
                g.drawString("■ " + names[s], LEFT + 10 + 230 * s, TOP + 16);
            }
        }

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(legend, LEFT, 48);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static int y(double ms, double maxMs) {
        return TOP + PLOT_H - (int) (PLOT_H * Math.min(ms, maxMs) / maxMs);
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * magnitude) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
