package dev.apprentice.eval.metric.match;

import dev.apprentice.eval.metric.CaseMetric;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Settings;
import java.util.Set;

/**
 * {@code json_valid}: 1 when the whole output is one JSON value (by default an object or array, and a Markdown
 * {@code ```json} fence around it is allowed), else 0. Settings: {@code allow_fence} (true), {@code allow_scalar}
 * (false: a bare number or string does not count).
 */
public final class JsonValid implements CaseMetric {

  /** The settings {@code json_valid} reads. */
  public static final Set<String> SETTING_NAMES = Set.of("allow_fence", "allow_scalar");

  private final boolean allowFence;
  private final boolean allowScalar;

  public JsonValid(boolean allowFence, boolean allowScalar) {
    this.allowFence = allowFence;
    this.allowScalar = allowScalar;
  }

  public static JsonValid from(Settings s) {
    return new JsonValid(s.bool("allow_fence", true), s.bool("allow_scalar", false));
  }

  @Override
  public String name() {
    return "json_valid";
  }

  @Override
  public Measurement measure(EvalCase item) {
    var json = JsonText.parse(item.output(), allowFence);
    boolean valid = json != null && (allowScalar || json.isContainerNode());
    return Measurement.of(valid ? 1 : 0);
  }
}
