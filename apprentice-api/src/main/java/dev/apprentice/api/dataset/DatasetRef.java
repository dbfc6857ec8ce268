package dev.apprentice.api.dataset;

import java.util.regex.Pattern;

/**
 * A reference to a dataset version: {@code name} (the latest version) or {@code name@3}.
 *
 * @param version the version, or null for the latest
 */
public record DatasetRef(String name, Integer version) {

  /** Dataset names: a lower-case letter or digit, then up to 63 lower-case letters, digits, {@code . _ -}. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /**
   * Parses {@code name} or {@code name@3} ({@code name@latest} too).
   *
   * @throws IllegalArgumentException saying what a reference looks like
   */
  public static DatasetRef parse(String text) {
    String value = text == null ? "" : text.strip();
    int at = value.indexOf('@');
    String name = at < 0 ? value : value.substring(0, at);
    String version = at < 0 ? "latest" : value.substring(at + 1);
    if (!NAME.matcher(name).matches() || !(version.equals("latest") || version.matches("[1-9][0-9]{0,8}"))) {
      throw new IllegalArgumentException("'" + text + "' is not a dataset reference: expected NAME or NAME@VERSION,"
          + " where a name is lower-case letters, digits, '.', '_' or '-' and a version is 1, 2, ... or latest");
    }
    return new DatasetRef(name, version.equals("latest") ? null : Integer.valueOf(version));
  }

  @Override
  public String toString() {
    return version == null ? name : name + "@" + version;
  }
}
