package io.customer360.bench.summary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * One bar per figure: the measured value as a share of its target on a log scale (the line at 1× is the target), green
 * when the target is met, red when not, grey when it cannot be judged; the ratio to the raw baseline is written beside.
 * Plain Java2D, headless.
 */
final class TableChart {

    private static final int WIDTH = 1100;
    private static final int ROW = 28;
    private static final int TOP = 50;
    private static final int LABEL = 430;
    private static final int BAR = 480;
    /** The scale runs from 1/100 to 100 times the target. */
    private static final double DECADES = 2;

    private TableChart() {}

    static void write(List<Row> rows, String title, Path file) throws IOException {
        int height = TOP + ROW * rows.size() + 40;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("measured ÷ target (log scale; the line is the target)      ratio to the raw baseline", LABEL, 42);
        int targetX = LABEL + BAR / 2;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = TOP + i * ROW;
            g.setColor(Color.BLACK);
            g.drawString(row.figure().service() + ": " + row.figure().name(), 10, y + 17);
            OptionalDouble bound = row.figure().target().valueBound();
            if (row.value().isPresent()
                    && bound.isPresent()
                    && bound.getAsDouble() > 0
                    && row.value().getAsDouble() > 0) {
                double share = Math.log10(row.value().getAsDouble() / bound.getAsDouble());
                int x = targetX
                        + (int) Math.round(Math.max(-DECADES, Math.min(DECADES, share)) / DECADES * (BAR / 2.0));
                g.setColor(row.met()
                        .map(met -> met ? new Color(0x2e7d32) : new Color(0xc62828))
                        .orElse(Color.GRAY));
                g.fillRect(Math.min(x, targetX), y + 5, Math.max(2, Math.abs(x - targetX)), ROW - 10);
            }
            g.setColor(Color.DARK_GRAY);
            String side = row.ratio().isPresent()
                    ? String.format(java.util.Locale.ROOT, "%.2f×", row.ratio().getAsDouble())
                    : row.verdict().equals("benchmark failed") ? "failed" : "–";
            g.drawString(side + "   " + row.verdict(), LABEL + BAR + 15, y + 17);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2));
        g.drawLine(targetX, TOP, targetX, TOP + ROW * rows.size());
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
