package dev.apprentice.api.retrieval;

import java.util.regex.Pattern;

/**
 * The names a vector collection may have: they name its folder under the data directory, so the collections refuse
 * any other, and so does the configuration where a {@code rag:} block names one.
 */
public final class CollectionName {

  /** The rule, as the refusals say it. */
  public static final String RULE = "a collection name is 1-64 lower-case letters, digits, '_' or '-', starting with"
      + " a letter or digit";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private CollectionName() {}

  /** Whether {@code name} follows the {@link #RULE}. */
  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
