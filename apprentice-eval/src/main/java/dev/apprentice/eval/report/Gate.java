package dev.apprentice.eval.report;

import dev.apprentice.eval.run.RunStatus;
import dev.apprentice.eval.stats.Bootstrap;
import dev.apprentice.eval.suite.MetricSpec;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CI gate: a run fails when it is not completed, when more of a variant's items failed than
 * {@link GateLimits#maxErrorRate} allows (failed items are in no comparison, so a run that mostly failed would
 * otherwise be judged on the few items that worked), when a variant's metric dropped significantly (p &lt; 0.05) by
 * more than {@link GateLimits#maxDrop} against the same variant of a baseline run (the drop is a fraction of the
 * metric's scale: 0.02 is 2 points of accuracy or of BLEU), or when a pass rate (failed items counted as not
 * passing) is below the suite's {@code min_pass_rate}. With a baseline it also fails when the baseline had too many
 * failed items or when it cannot compare: the runs were given different items ({@link SameItems}), the baseline
 * run is not completed or has no successful items, a variant is not in it, a metric both suites have has no item
 * scored in both runs, or a metric both suites name is measured differently (another metric or other settings). A
 * metric only one of the suites has is listed as not compared. With or without a baseline, a variant's metric that
 * scored no item of the run fails it ({@link ScoredNothing}): a metric that measured nothing cannot pass.
 */
public final class Gate {

  private Gate() {}

  /** The gate's decision, with one line per failure and per check that passed. */
  public record Result(boolean passed, List<String> failures, List<String> checks) {}

  /** The gate with {@code maxDrop} and the default error rate ({@link GateLimits#ofDrop}). */
  public static Result check(EvaluatedRun candidate, EvaluatedRun baseline, double maxDrop) {
    return check(candidate, baseline, GateLimits.ofDrop(maxDrop));
  }

  /** @param baseline the run to compare with, or null to check only the suite's thresholds and the error rate */
  public static Result check(EvaluatedRun candidate, EvaluatedRun baseline, GateLimits limits) {
    List<String> failures = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    if (candidate.run().status() != RunStatus.COMPLETED) {
      failures.add("run " + candidate.run().id() + " is " + candidate.run().status().label() + ", not completed");
    }
    List<VariantSpec> variants = candidate.suite().variants();
    errors("", candidate, variants, limits.maxErrorRate(), failures, checks);
    ScoredNothing scoredNothing = ScoredNothing.of(candidate);
    failures.addAll(scoredNothing.lines());
    RunReport report = candidate.report();
    thresholds(candidate, report, scoredNothing.keys(), failures, checks);
    String otherItems = baseline == null ? null : SameItems.problem(candidate, baseline);
    if (otherItems != null) {
      failures.add(otherItems);
    } else if (baseline != null) {
      String unverified = SameItems.unverified(candidate, baseline);
      if (unverified != null) checks.add(unverified);
      errors("baseline run " + baseline.run().id() + " / ", baseline, variants, limits.maxErrorRate(), failures,
          checks);
      drops(candidate, baseline, limits.maxDrop(), scoredNothing.keys(), failures, checks);
    }
    return new Result(failures.isEmpty(), failures, checks);
  }

  /**
   * One line per variant of the run: how many of its items failed, and apart from them how many the gateway refused for
   * a budget or rate limit (not run), a failure when more than {@code max} of its items were either: both are out of
   * every comparison alike, but the line does not call a refusal the model's failure.
   */
  private static void errors(String whose, EvaluatedRun run, List<VariantSpec> variants, double max,
      List<String> failures, List<String> checks) {
    Map<String, VariantItems> byVariant = VariantItems.byVariant(run.items());
    for (VariantSpec v : variants) {
      VariantItems items = byVariant.get(v.name());
      if (items == null) continue; // a variant without results: the completion and comparison checks say so
      int failed = items.failed();
      double rate = (failed + items.refusedByLimits) / (double) items.all.size();
      String refused = items.refusedByLimits == 0 ? ""
          : ", " + items.refusedByLimits + " more refused for a budget or rate limit (not run)";
      String line = String.format(Locale.ROOT, "%s%s: %d of %d items failed%s (%.3f, max error rate %.3f)", whose,
          v.name(), failed, items.all.size(), refused, rate, max);
      if (rate > max) failures.add(line + ": too many to judge the variant by the rest");
      else checks.add(line);
    }
  }

  /** The suite's min_pass_rate checks, but for metrics that scored nothing (failed already, saying why). */
  private static void thresholds(EvaluatedRun candidate, RunReport report, Set<String> scoredNothing,
      List<String> failures, List<String> checks) {
    for (VariantResult v : report.variants()) {
      for (MetricSpec spec : candidate.suite().metrics()) {
        if (spec.minPassRate() == null || scoredNothing.contains(ScoredNothing.key(v.name(), spec.name()))) continue;
        MetricResult r = v.metrics().get(spec.name());
        double rate = r == null || r.passRate() == null ? 0 : r.passRate();
        String line = String.format(Locale.ROOT, "%s / %s: pass rate %.3f (threshold %s, min_pass_rate %.3f)",
            v.name(), spec.name(), rate, spec.threshold(), spec.minPassRate());
        if (rate < spec.minPassRate()) failures.add(line + " is too low");
        else checks.add(line);
      }
    }
  }

  private static void drops(EvaluatedRun candidate, EvaluatedRun baseline, double maxDrop, Set<String> scoredNothing,
      List<String> failures, List<String> checks) {
    String base = "baseline run " + baseline.run().id();
    int failedBefore = failures.size();
    if (baseline.run().status() != RunStatus.COMPLETED) {
      failures.add(base + " is " + baseline.run().status().label() + ", not completed: it is no baseline");
    }
    Map<String, VariantItems> now = VariantItems.byVariant(candidate.items());
    Map<String, VariantItems> before = VariantItems.byVariant(baseline.items());
    if (before.values().stream().allMatch(b -> b.succeeded.isEmpty())) {
      failures.add(base + " has no successful items: nothing to compare with");
      return;
    }
    Set<String> measuredDifferently = suiteChanges(candidate, baseline, failures, checks);
    Bootstrap bootstrap = new Bootstrap(candidate.suite().seed(), candidate.suite().resamples());
    int compared = 0;
    int failedAlready = 0;
    for (VariantSpec v : candidate.suite().variants()) {
      VariantItems a = now.get(v.name());
      VariantItems b = before.get(v.name());
      if (b == null) {
        failures.add(v.name() + ": not in the " + base + " (it has " + String.join(", ", before.keySet())
            + "): not compared");
        continue;
      }
      if (b.succeeded.isEmpty()) {
        failures.add(v.name() + ": no successful items in the " + base + ": not compared");
        continue;
      }
      if (a == null || a.succeeded.isEmpty()) {
        failedAlready++; // scored nothing in this run: failed already, saying why (ScoredNothing)
        continue;
      }
      for (MetricSpec spec : candidate.suite().metrics()) {
        if (baseline.suite().metrics().stream().noneMatch(m -> m.name().equals(spec.name()))) {
          checks.add(v.name() + " / " + spec.name() + ": not in the " + base + "'s suite, not compared");
          continue;
        }
        if (measuredDifferently.contains(spec.name())) continue; // failed already, saying how
        if (scoredNothing.contains(ScoredNothing.key(v.name(), spec.name()))) {
          failedAlready++; // it scored no item of the run: failed already, saying why
          continue;
        }
        Comparison c = Comparisons.compare(candidate.metrics().get(spec.name()), spec.higherIsBetter(),
            spec.scale(), a.measurements(spec.name()), b.measurements(spec.name()), bootstrap);
        if (c == null) {
          failures.add(v.name() + " / " + spec.name() + ": no item scored in both runs, not compared");
          continue;
        }
        compared++;
        double drop = -(spec.higherIsBetter() ? c.difference() : -c.difference()) / spec.scale();
        String p = c.pValue() < 0.001 ? "<0.001" : "=" + Verdicts.p(c.pValue());
        String interval = Double.isNaN(c.low()) ? "[no interval]"
            : String.format(Locale.ROOT, "[%.4f, %.4f]", c.low(), c.high());
        String line = String.format(Locale.ROOT, "%s / %s: change %+.4f %s, p%s, drop %.4f of scale "
            + "(max %.4f), %d/%d/%d wins/ties/losses, compared on %d of %d items", v.name(), spec.name(),
            c.difference(), interval, p, Math.max(0, drop), maxDrop, c.wins(), c.ties(), c.losses(),
            c.pairs(), a.all.size());
        if (drop > maxDrop && c.pValue() < Comparisons.ALPHA) failures.add(line + ": significant regression");
        else if (drop > maxDrop && c.tooFewDiffering()) checks.add(line + ": too few items differ for any change to be significant");
        else checks.add(line);
      }
    }
    if (compared == 0 && failedAlready == 0 && failures.size() == failedBefore) {
      failures.add("nothing compared with the " + base + ": its suite has none of this run's metrics");
    }
  }

  /**
   * The metrics both suites name but measure differently (another registry metric or other settings), each a
   * failure: their values are two measures, whose difference is no regression or improvement; and a check line for
   * each metric only the baseline's suite has, which the gate no longer compares. The metrics measured differently.
   */
  private static Set<String> suiteChanges(EvaluatedRun candidate, EvaluatedRun baseline, List<String> failures,
      List<String> checks) {
    String base = "baseline run " + baseline.run().id() + "'s suite";
    Map<String, MetricSpec> before = new java.util.LinkedHashMap<>();
    for (MetricSpec m : baseline.suite().metrics()) before.put(m.name(), m);
    Set<String> different = new java.util.HashSet<>();
    for (MetricSpec now : candidate.suite().metrics()) {
      MetricSpec then = before.remove(now.name());
      if (then == null || then.metric().equals(now.metric()) && then.settings().equals(now.settings())) continue;
      different.add(now.name());
      failures.add(now.name() + ": measured differently in the " + base + " (" + measure(then) + " there, "
          + measure(now) + " here): not compared; gate against a baseline run that measured it the same way");
    }
    for (String onlyThere : before.keySet()) checks.add(onlyThere + ": only in the " + base + ", not compared");
    return different;
  }

  private static String measure(MetricSpec spec) {
    return spec.metric() + " with settings " + spec.settings();
  }
}
