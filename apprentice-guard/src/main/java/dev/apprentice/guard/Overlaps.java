package dev.apprentice.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Makes findings disjoint. A finding inside a longer one goes (an IP inside a URL, digits inside an IBAN: the outer
 * span already covers them); of two that partly overlap, or cover the same span, the higher score wins, then the
 * longer, then the more specific type (a validated card beats a phone reading of the same digits). An inner
 * finding whose container lost to a third one comes back if it is clear of everything kept.
 */
public final class Overlaps {

  private static final List<String> SPECIFICITY = List.of("SECRET", "CREDIT_CARD", "IBAN_CODE", "CRYPTO", "US_SSN",
      "EMAIL_ADDRESS", "IP_ADDRESS", "URL", "PHONE_NUMBER");

  private static final Comparator<Finding> BEST_FIRST = Comparator.comparingDouble(Finding::score).reversed()
      .thenComparing(Comparator.comparingInt(Finding::length).reversed())
      .thenComparingInt(f -> specificity(f.type()))
      .thenComparingInt(Finding::start);

  private Overlaps() {}

  /** Disjoint findings sorted by start. */
  public static List<Finding> resolve(List<Finding> findings) {
    if (findings.size() < 2) return findings;
    List<Finding> outer = new ArrayList<>(findings.size());
    for (Finding candidate : findings) {
      boolean inside = false;
      for (Finding other : findings) {
        if (other.contains(candidate)) {
          inside = true;
          break;
        }
      }
      if (!inside) outer.add(candidate);
    }
    outer.sort(BEST_FIRST);
    List<Finding> kept = new ArrayList<>(outer.size());
    for (Finding candidate : outer) {
      boolean clashes = false;
      for (Finding chosen : kept) {
        if (chosen.overlaps(candidate)) {
          clashes = true;
          break;
        }
      }
      if (!clashes) kept.add(candidate);
    }
    List<Finding> inner = new ArrayList<>(findings);
    inner.removeAll(outer);
    inner.sort(BEST_FIRST);
    for (Finding candidate : inner) {
      if (kept.stream().noneMatch(candidate::overlaps)) kept.add(candidate);
    }
    kept.sort(Comparator.comparingInt(Finding::start));
    return kept;
  }

  private static int specificity(String type) {
    int index = SPECIFICITY.indexOf(type);
    return index < 0 ? SPECIFICITY.size() : index;
  }
}
