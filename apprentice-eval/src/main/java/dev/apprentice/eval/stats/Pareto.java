package dev.apprentice.eval.stats;

import java.util.ArrayList;
import java.util.List;

/** The quality-versus-cost Pareto frontier: the points no other point beats on both (cheaper or equal, and better). */
public final class Pareto {

  private Pareto() {}

  /** A named point: its cost (lower is better) and quality (higher is better). */
  public record Point(String name, double cost, double quality) {}

  /** The names of the points on the frontier, in the input order. NaN qualities are never on it. */
  public static List<String> frontier(List<Point> points) {
    List<String> onFrontier = new ArrayList<>();
    for (Point p : points) {
      if (Double.isNaN(p.quality())) continue;
      boolean dominated = false;
      for (Point q : points) {
        if (q == p || Double.isNaN(q.quality())) continue;
        boolean noWorse = q.cost() <= p.cost() && q.quality() >= p.quality();
        boolean better = q.cost() < p.cost() || q.quality() > p.quality();
        if (noWorse && better) {
          dominated = true;
          break;
        }
      }
      if (!dominated) onFrontier.add(p.name());
    }
    return onFrontier;
  }
}
