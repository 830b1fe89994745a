package io.customer360.bench.enrichment;

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
 * Latency by percentile on HdrHistogram's x axis (1/(1-p), log scale, so the tail gets room), one line per series
 * and a dashed target line; histogram values are microseconds, the chart shows milliseconds. Plain Java2D.
 */
final class PercentileChart {

    private static final int W = 960;
    private static final int H = 540;
    private static final int LEFT = 80;
    private static final int TOP = 70;
    private static final int PLOT_W = W - LEFT - 30;
    private static final int PLOT_H = H - TOP - 60;
    private static final Color[] COLORS = {new Color(30, 90, 200), new Color(230, 120, 20), new Color(40, 150, 60)};

    private PercentileChart() {
    }

    static void write(Path file, String title, double targetMs, String targetLabel, String[] names, Histogram... series)
            throws IOException {
        double maxX = 4; // up to 99.99 %
        double maxMs = targetMs * 1.2;
        for (Histogram histogram : series) {
            maxMs = Math.max(maxMs, histogram.getValueAtPercentile(99.99) / 1000.0 * 1.1);
        }
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String[] percentiles = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int i = 0; i <= maxX; i++) {
            int x = LEFT + (int) (PLOT_W * i / maxX);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, TOP, x, TOP + PLOT_H);
            g.setColor(Color.DARK_GRAY);
            g.drawString(percentiles[i], x - 12, TOP + PLOT_H + 18);
        }
        double step = niceStep(maxMs / 8);
        for (double ms = 0; ms <= maxMs; ms += step) {
            int y = y(ms, maxMs);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + PLOT_W, y);
            g.setColor(Color.DARK_GRAY);
            String label = step < 1 ? String.format("%.2f", ms) : String.format("%.0f", ms);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, PLOT_W, PLOT_H);
        g.drawString("percentile", LEFT + PLOT_W / 2 - 30, H - 18);
        g.drawString("ms", 20, TOP + PLOT_H / 2);
        g.setColor(new Color(200, 40, 40));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
        g.drawLine(LEFT, y(targetMs, maxMs), LEFT + PLOT_W, y(targetMs, maxMs));
        g.drawString(targetLabel, LEFT + 8, y(targetMs, maxMs) - 6);
        g.setStroke(new BasicStroke(2.2f));
        StringBuilder legend = new StringBuilder();
        for (int s = 0; s < series.length; s++) {
            Histogram histogram = series[s];
            Path2D line = new Path2D.Double();
            boolean first = true;
            for (HistogramIterationValue v : histogram.percentiles(5)) {
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
            g.drawString("■ " + names[s], LEFT + 10 + 230 * s, TOP + 16);
            legend.append(String.format("%s p50 %.3f / p99 %.3f / max %.3f ms   ", names[s],
                    histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0));
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(legend.toString().strip(), LEFT, 48);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
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
