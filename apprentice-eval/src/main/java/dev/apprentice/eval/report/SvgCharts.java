package dev.apprentice.eval.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Inline SVG charts for the HTML report: no scripts, no external resources. */
final class SvgCharts {

  private static final int W = 640;
  private static final int H = 360;
  private static final int LEFT = 64;
  private static final int RIGHT = 24;
  private static final int TOP = 20;
  private static final int BOTTOM = 48;

  /** One variant on a chart: a value with its interval, and (for the scatter) its cost. */
  record Point(String name, double cost, double value, double low, double high, boolean highlighted) {}

  private SvgCharts() {}

  /** Quality (y, with interval bars) against cost per 1,000 requests (x); the Pareto frontier joined by a line. */
  static String scatter(List<Point> points, String yLabel, double yMax) {
    double xMax = points.stream().mapToDouble(Point::cost).max().orElse(0);
    double xTop = xMax <= 0 ? 1 : xMax * 1.15;
    StringBuilder svg = open("Cost versus quality");
    axes(svg, xTop, yMax, "cost per 1,000 requests (USD)", yLabel);
    List<Point> frontier = new ArrayList<>(points.stream().filter(Point::highlighted).toList());
    frontier.sort(Comparator.comparingDouble(Point::cost));
    if (frontier.size() > 1) {
      svg.append("<polyline class=\"frontier\" points=\"");
      for (Point p : frontier) svg.append(f(x(p.cost(), xTop))).append(',').append(f(y(p.value(), yMax))).append(' ');
      svg.append("\"/>\n");
    }
    for (Point p : points) {
      if (Double.isNaN(p.value())) continue;
      double px = x(p.cost(), xTop);
      if (!Double.isNaN(p.low())) {
        svg.append("<line class=\"err\" x1=\"").append(f(px)).append("\" x2=\"").append(f(px)).append("\" y1=\"")
            .append(f(y(p.low(), yMax))).append("\" y2=\"").append(f(y(p.high(), yMax))).append("\"/>\n");
      }
      svg.append("<circle class=\"").append(p.highlighted() ? "pt front" : "pt").append("\" cx=\"").append(f(px))
          .append("\" cy=\"").append(f(y(p.value(), yMax))).append("\" r=\"5\"><title>").append(Html.escape(p.name()))
          .append("</title></circle>\n");
      boolean right = px > W * 0.7;
      svg.append("<text class=\"lbl\" text-anchor=\"").append(right ? "end" : "start").append("\" x=\"")
          .append(f(right ? px - 8 : px + 8)).append("\" y=\"").append(f(Math.max(12, y(p.value(), yMax) - 8)))
          .append("\">").append(Html.escape(p.name())).append("</text>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  /** One bar per variant with its interval as a whisker. */
  static String bars(String title, List<Point> points, double yMax) {
    StringBuilder svg = open(title);
    axes(svg, 0, yMax, "", title);
    int n = Math.max(1, points.size());
    double slot = (W - LEFT - RIGHT) / (double) n;
    double width = Math.min(80, slot * 0.6);
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      double cx = LEFT + slot * (i + 0.5);
      if (!Double.isNaN(p.value())) {
        double top = y(p.value(), yMax);
        svg.append("<rect class=\"bar\" x=\"").append(f(cx - width / 2)).append("\" y=\"").append(f(top))
            .append("\" width=\"").append(f(width)).append("\" height=\"").append(f(H - BOTTOM - top))
            .append("\"><title>").append(Html.escape(p.name())).append(": ")
            .append(String.format(Locale.ROOT, "%.4g", p.value())).append("</title></rect>\n");
      }
      if (!Double.isNaN(p.low())) {
        svg.append("<line class=\"err\" x1=\"").append(f(cx)).append("\" x2=\"").append(f(cx)).append("\" y1=\"")
            .append(f(y(p.low(), yMax))).append("\" y2=\"").append(f(y(p.high(), yMax))).append("\"/>\n");
      }
      svg.append("<text class=\"tick\" text-anchor=\"middle\" x=\"").append(f(cx)).append("\" y=\"")
          .append(H - BOTTOM + 16).append("\">").append(Html.escape(p.name())).append("</text>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder(4096).append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W)
        .append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
  }

  private static void axes(StringBuilder svg, double xTop, double yMax, String xLabel, String yLabel) {
    svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(H - BOTTOM).append("\" x2=\"")
        .append(W - RIGHT).append("\" y2=\"").append(H - BOTTOM).append("\"/>\n");
    svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"")
        .append(LEFT).append("\" y2=\"").append(H - BOTTOM).append("\"/>\n");
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      svg.append("<text class=\"tick\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
          .append(f(y(v, yMax) + 4)).append("\">").append(tick(v)).append("</text>\n");
      if (xTop > 0) {
        double c = xTop * i / 4;
        svg.append("<text class=\"tick\" text-anchor=\"middle\" x=\"").append(f(x(c, xTop))).append("\" y=\"")
            .append(H - BOTTOM + 16).append("\">").append(tick(c)).append("</text>\n");
      }
    }
    svg.append("<text class=\"axl\" text-anchor=\"middle\" x=\"").append((LEFT + W - RIGHT) / 2).append("\" y=\"")
        .append(H - 8).append("\">").append(Html.escape(xLabel)).append("</text>\n");
    svg.append("<text class=\"axl\" text-anchor=\"middle\" transform=\"rotate(-90)\" x=\"")
        .append(-(TOP + H - BOTTOM) / 2).append("\" y=\"16\">").append(Html.escape(yLabel)).append("</text>\n");
  }

  private static double x(double cost, double xTop) {
    return LEFT + (W - LEFT - RIGHT) * (cost / xTop);
  }

  private static double y(double value, double yMax) {
    double clamped = Math.max(0, Math.min(yMax, value));
    return H - BOTTOM - (H - TOP - BOTTOM) * (clamped / yMax);
  }

  private static String tick(double v) {
    if (v == 0) return "0";
    return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.0f", v)
        : Math.abs(v) >= 0.1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.2g", v);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
