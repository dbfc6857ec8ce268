package dev.apprentice.api.trace;

import java.util.List;
import java.util.Locale;

/**
 * The label values {@code /metrics} uses for itself: {@code none} for the model, provider and tenant of a request
 * refused before it became a call (and the provider of a call no provider answered), {@code cache} for the provider of
 * a call the response cache answered. A configured name spelled like one of them, in any case, would merge its series
 * with the placeholder's (or read as the same in a dashboard), so config and key creation refuse it.
 */
public final class MetricLabels {

  /** The model, provider and tenant of a request refused before it became a call; a call no provider answered. */
  public static final String NONE = "none";
  /** The provider of a call the response cache answered, which asked none. */
  public static final String CACHE = "cache";

  private MetricLabels() {}

  /** True when {@code name} is one of {@code labels}, ignoring case. */
  public static boolean isOneOf(String name, List<String> labels) {
    return name != null && labels.contains(name.toLowerCase(Locale.ROOT));
  }
}
