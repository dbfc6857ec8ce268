package dev.apprentice.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the semantic-cache threshold sweep as a PNG line chart (headless java.awt, no plotting library): the hit rate
 * on a 0-100% left axis, the false-hit rates on a finer right axis, the 2% limit and the recommended threshold.
 */
final class ThresholdPlot {

  /** One line: a name, a colour, dashed or not, which axis, and a percentage per threshold. */
  record Series(String name, Color color, boolean dashed, boolean rightAxis, double[] percent) {}

  private static final Stroke DASHED =
      new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f);
  private static final Stroke SOLID = new BasicStroke(2.5f);
  private static final Stroke GUIDE =
      new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 4f}, 0f);
  private static final Color GRID = new Color(232, 232, 232);
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 620;
  private static final int LEFT = 90;
  private static final int RIGHT = 90;
  private static final int TOP = 80;
  private static final int BOTTOM = 80;
  private static final int PLOT_W = WIDTH - LEFT - RIGHT;
  private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

  private ThresholdPlot() {}

  /** Writes the chart; the threshold {@code marked} (or NaN for none) gets a labelled vertical line. */
  static void write(Path png, String title, String subtitle, double[] thresholds, List<Series> series,
      double marked, String markLabel) throws IOException {
    double rightMax = 2;
    for (Series s : series) if (s.rightAxis()) for (double p : s.percent()) rightMax = Math.max(rightMax, p);
    rightMax = 10 * Math.ceil(rightMax / 10);
    Axes axes = new Axes(thresholds[0], thresholds[thresholds.length - 1], rightMax);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, LEFT, 32);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(subtitle, LEFT, 54);
    frame(g, axes, thresholds);

    g.setStroke(GUIDE);
    g.setColor(Color.GRAY);
    g.drawLine(LEFT, axes.y(2, true), LEFT + PLOT_W, axes.y(2, true));
    g.drawString("2% (right axis)", LEFT + 8, axes.y(2, true) - 6);
    if (!Double.isNaN(marked)) {
      g.setColor(new Color(0, 140, 60));
      g.drawLine(axes.x(marked), TOP, axes.x(marked), TOP + PLOT_H);
      int width = g.getFontMetrics().stringWidth(markLabel);
      int x = axes.x(marked) + 6 + width > LEFT + PLOT_W ? axes.x(marked) - 6 - width : axes.x(marked) + 6;
      g.drawString(markLabel, x, TOP + PLOT_H - 12);
    }
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(s.dashed() ? DASHED : SOLID);
      double[] p = s.percent();
      for (int i = 1; i < thresholds.length; i++) {
        g.drawLine(axes.x(thresholds[i - 1]), axes.y(p[i - 1], s.rightAxis()), axes.x(thresholds[i]),
            axes.y(p[i], s.rightAxis()));
      }
      for (int i = 0; i < thresholds.length; i++) {
        g.fillOval(axes.x(thresholds[i]) - 4, axes.y(p[i], s.rightAxis()) - 4, 8, 8);
      }
    }
    legend(g, series, LEFT + PLOT_W - 350, TOP + 30);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void frame(Graphics2D g, Axes axes, double[] thresholds) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int p = 0; p <= 100; p += 10) {
      int y = axes.y(p, false);
      g.setColor(GRID);
      g.drawLine(LEFT, y, LEFT + PLOT_W, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(p + "%", LEFT - 42, y + 4);
      g.drawString(String.format(Locale.ROOT, "%.0f%%", axes.rightMax() * p / 100), LEFT + PLOT_W + 8, y + 4);
    }
    for (double t : thresholds) {
      int x = axes.x(t);
      g.setColor(GRID);
      g.drawLine(x, TOP, x, TOP + PLOT_H);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.2f", t), x - 13, TOP + PLOT_H + 20);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, PLOT_W, PLOT_H);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString("similarity threshold (cosine)", LEFT + PLOT_W / 2 - 90, HEIGHT - 30);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString("hit rate (% of lookups)", -TOP - PLOT_H / 2 - 75, 30);
    rotated.drawString("false hits (%)", -TOP - PLOT_H / 2 - 45, WIDTH - 22);
    rotated.dispose();
  }

  private static void legend(Graphics2D g, List<Series> series, int x, int y) {
    int h = 24 * series.size() + 12;
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.WHITE);
    g.fillRect(x, y, 335, h);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, 335, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int ly = y + 22 + 24 * i;
      g.setColor(s.color());
      g.setStroke(s.dashed() ? DASHED : SOLID);
      g.drawLine(x + 10, ly - 5, x + 40, ly - 5);
      g.setColor(Color.BLACK);
      g.drawString(s.name() + (s.rightAxis() ? " - right axis" : " - left axis"), x + 50, ly);
    }
  }

  private record Axes(double xMin, double xMax, double rightMax) {
    int x(double t) {
      return LEFT + (int) Math.round((t - xMin) / (xMax - xMin) * PLOT_W);
    }

    int y(double percent, boolean right) {
      double share = right ? percent / rightMax : percent / 100;
      return TOP + PLOT_H - (int) Math.round(Math.max(0, Math.min(1, share)) * PLOT_H);
    }
  }
}
