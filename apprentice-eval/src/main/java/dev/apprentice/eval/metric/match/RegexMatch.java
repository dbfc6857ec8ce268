package dev.apprentice.eval.metric.match;

import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Settings;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex}: 1 when the {@code pattern} setting (Java syntax) is found in the output ({@code full_match: true}:
 * matches the whole stripped output), else 0. Without a pattern setting the item's first reference is the pattern.
 * {@code case_sensitive: false} ignores case.
 */
public final class RegexMatch implements CaseMetric {

  /** The settings {@code regex} reads. */
  public static final Set<String> SETTING_NAMES = Set.of("pattern", "case_sensitive", "full_match");

  private final Pattern pattern;
  private final int flags;
  private final boolean fullMatch;

  private RegexMatch(Pattern pattern, int flags, boolean fullMatch) {
    this.pattern = pattern;
    this.flags = flags;
    this.fullMatch = fullMatch;
  }

  public static RegexMatch from(Settings s) {
    int flags = s.bool("case_sensitive", true) ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    String text = s.string("pattern", null);
    return new RegexMatch(text == null ? null : compile(text, flags), flags, s.bool("full_match", false));
  }

  @Override
  public String name() {
    return "regex";
  }

  @Override
  public Measurement measure(EvalCase item) {
    Pattern p = pattern;
    if (p == null) {
      if (item.references().isEmpty()) return Measurement.unscored("no pattern setting and no reference pattern");
      p = compile(item.references().getFirst(), flags);
    }
    var matcher = p.matcher(fullMatch ? item.output().strip() : item.output());
    return Measurement.of((fullMatch ? matcher.matches() : matcher.find()) ? 1 : 0);
  }

  private static Pattern compile(String text, int flags) {
    try {
      return Pattern.compile(text, flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("setting pattern is not a valid regular expression: " + e.getDescription());
    }
  }
}
