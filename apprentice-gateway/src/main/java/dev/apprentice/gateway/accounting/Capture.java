package dev.apprentice.gateway.accounting;

import java.util.Locale;

/** How much of a call its trace keeps: the bodies too ({@code full}) or only the numbers ({@code metadata-only}). */
public enum Capture {
  FULL, METADATA_ONLY;

  /** The config spelling: {@code full}, {@code metadata-only}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value for a config spelling, or null when there is none. */
  public static Capture parse(String text) {
    for (Capture c : values()) {
      if (c.configName().equals(text)) return c;
    }
    return null;
  }
}
