package io.customer360.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency by percentile, drawn like HdrHistogram's plotter: the x axis is 1/(1-percentile) on a log scale, so the
 * tail (99%, 99.9%, 99.99%) gets as much room as the median. Plain Java2D, no extra dependencies.
 */
final class LatencyChart {

    private static final int W = 960;
    private static final int H = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;

    private LatencyChart() {
    }

    /** Histogram values are microseconds; the chart shows milliseconds. */
    static void write(Histogram histogram, double targetMs, String title, Path file) throws IOException {
        List<double[]> points = new ArrayList<>(); // {x = log10(1/(1-p)), ms}
        for (HistogramIterationValue v : histogram.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 1.0) {
                p = 1.0 - 1.0 / (histogram.getTotalCount() * 10.0);
            }
            points.add(new double[] {Math.log10(1 / (1 - p)), v.getValueIteratedTo() / 1000.0});
        }
        double maxX = Math.max(3, Math.ceil(points.isEmpty() ? 3 : points.get(points.size() - 1)[0]));
        double maxMs = Math.max(targetMs * 1.2, histogram.getMaxValue() / 1000.0 * 1.1);

        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= maxX; i++) { // 0%, 90%, 99%, 99.9%, ...
            int x = LEFT + (int) (plotW * i / maxX);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String label = i == 0 ? "0%" : (100 - 100 / Math.pow(10, i)) + "%";
            label = label.replace(".0%", "%");
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        double step = niceStep(maxMs / 8);
        for (double ms = 0; ms <= maxMs; ms += step) {
            int y = TOP + plotH - (int) (plotH * ms / maxMs);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = step < 1 ? String.format("%.1f", ms) : String.format("%.0f", ms);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("percentile", LEFT + plotW / 2 - 30, H - 18);
        g.rotate(-Math.PI / 2);
        g.drawString("latency (ms)", -(TOP + plotH / 2) - 35, 25);
        g.rotate(Math.PI / 2);

        int targetY = TOP + plotH - (int) (plotH * targetMs / maxMs);
        g.setColor(new Color(200, 40, 40));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
        g.drawLine(LEFT, targetY, LEFT + plotW, targetY);
        g.drawString(String.format("target p99 ≤ %.0f ms", targetMs), LEFT + 8, targetY - 6);
        int p99X = LEFT + (int) (plotW * 2 / maxX);
        g.drawLine(p99X, TOP, p99X, TOP + plotH);

        Path2D line = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            double x = LEFT + plotW * points.get(i)[0] / maxX;
            double y = TOP + plotH - plotH * points.get(i)[1] / maxMs;
            if (i == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(new Color(30, 90, 200));
        g.setStroke(new BasicStroke(2.2f));
        g.draw(line);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   p99.9 %.2f ms   max %.2f ms   (%,d events)",
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0,
                histogram.getMaxValue() / 1000.0, histogram.getTotalCount()), LEFT, 47);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
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
