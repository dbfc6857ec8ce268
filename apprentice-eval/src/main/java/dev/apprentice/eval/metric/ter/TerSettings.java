package dev.apprentice.eval.metric.ter;

import dev.apprentice.eval.metric.Settings;
import java.util.Set;

/**
 * The parameters of sacreBLEU's {@code TER(...)}, all false by default: {@code normalized} (Tercom's tokenization
 * of punctuation), {@code no_punct} (drop punctuation), {@code asian_support} (split CJK characters and punctuation)
 * and {@code case_sensitive}.
 */
public record TerSettings(boolean normalized, boolean noPunct, boolean asianSupport, boolean caseSensitive) {

  public static final Set<String> NAMES = Set.of("normalized", "no_punct", "asian_support", "case_sensitive");

  public static TerSettings defaults() {
    return new TerSettings(false, false, false, false);
  }

  public static TerSettings from(Settings settings) {
    return new TerSettings(settings.bool("normalized", false), settings.bool("no_punct", false),
        settings.bool("asian_support", false), settings.bool("case_sensitive", false));
  }
}
