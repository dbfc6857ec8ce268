package dev.apprentice.gateway.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a guardrail does when its scanner finds something: nothing, record it, take it out, or refuse the call. */
public enum GuardAction {
  /** The scanner does not run. */
  OFF,
  /** The call goes on unchanged; the verdict is recorded. */
  FLAG,
  /** The findings are replaced by placeholders (restored for the caller on input, kept on output). */
  REDACT,
  /** The call is refused with 422 {@code content_blocked}. */
  BLOCK;

  /** The config spelling: {@code off}, {@code flag}, {@code redact}, {@code block}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> configNames() {
    return Arrays.stream(values()).map(GuardAction::configName).toList();
  }

  static GuardAction parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
