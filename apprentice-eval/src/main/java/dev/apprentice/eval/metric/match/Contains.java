package dev.apprentice.eval.metric.match;

import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code contains}: 1 when the output contains the expected text, else 0. The text is the {@code value} setting, or
 * else the item's references ({@code all: true} needs every one, otherwise any one). Case-insensitive unless
 * {@code case_sensitive: true}.
 */
public final class Contains implements CaseMetric {

  /** The settings {@code contains} reads. */
  public static final Set<String> SETTING_NAMES = Set.of("value", "case_sensitive", "all");

  private final String value;
  private final boolean caseSensitive;
  private final boolean all;

  public Contains(String value, boolean caseSensitive, boolean all) {
    this.value = value;
    this.caseSensitive = caseSensitive;
    this.all = all;
  }

  public static Contains from(Settings s) {
    return new Contains(s.string("value", null), s.bool("case_sensitive", false), s.bool("all", false));
  }

  @Override
  public String name() {
    return "contains";
  }

  @Override
  public Measurement measure(EvalCase item) {
    List<String> needles = value != null ? List.of(value) : item.references();
    if (needles.isEmpty()) return Measurement.unscored("no value setting and no reference to look for");
    String haystack = fold(item.output());
    boolean hit = all ? needles.stream().allMatch(n -> haystack.contains(fold(n)))
        : needles.stream().anyMatch(n -> haystack.contains(fold(n)));
    return Measurement.of(hit ? 1 : 0);
  }

  private String fold(String text) {
    return caseSensitive ? text : text.toLowerCase(Locale.ROOT);
  }
}
