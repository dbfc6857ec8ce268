package dev.apprentice.eval.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a metric by the reference implementations' parameter names ({@code tokenize},
 * {@code smooth_method}, {@code use_stemmer}, ...). Values are strings, booleans, numbers or {@code null} (null means
 * "the default", as in sacreBLEU); typed reads also accept the text forms a command line gives ({@code "true"},
 * {@code "0.1"}).
 */
public record Settings(Map<String, Object> values) {

  private static final Settings NONE = new Settings(Map.of());

  public Settings {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Settings none() {
    return NONE;
  }

  public static Settings of(Map<String, ?> values) {
    return new Settings(new LinkedHashMap<>(values));
  }

  /** These settings with {@code defaults} filled in underneath: a key set here wins. */
  public Settings over(Settings defaults) {
    if (defaults.values.isEmpty()) return this;
    Map<String, Object> merged = new LinkedHashMap<>(defaults.values);
    merged.putAll(values);
    return new Settings(merged);
  }

  /** These settings plus one more. */
  public Settings with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(values);
    more.put(key, value);
    return new Settings(more);
  }

  public Set<String> keys() {
    return values.keySet();
  }

  /** True when the key is present with a non-null value. */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  public String string(String key, String fallback) {
    Object value = values.get(key);
    if (value == null) return fallback;
    if (value instanceof String text) return text;
    throw wrong(key, "a string", value);
  }

  public boolean bool(String key, boolean fallback) {
    Object value = values.get(key);
    if (value == null) return fallback;
    if (value instanceof Boolean flag) return flag;
    if (value instanceof String text) {
      String lower = text.strip().toLowerCase(Locale.ROOT);
      if (lower.equals("true")) return true;
      if (lower.equals("false")) return false;
    }
    throw wrong(key, "true or false", value);
  }

  public int integer(String key, int fallback) {
    Object value = values.get(key);
    if (value == null) return fallback;
    double number = numeric(key, value, "a whole number");
    if (number != Math.rint(number) || Math.abs(number) > Integer.MAX_VALUE) throw wrong(key, "a whole number", value);
    return (int) number;
  }

  public double decimal(String key, double fallback) {
    Object value = values.get(key);
    return value == null ? fallback : numeric(key, value, "a number");
  }

  /** The number under the key, or {@code null} when it is absent or null. */
  public Double decimalOrNull(String key) {
    Object value = values.get(key);
    return value == null ? null : numeric(key, value, "a number");
  }

  private static double numeric(String key, Object value, String what) {
    if (value instanceof Number number) return number.doubleValue();
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        throw wrong(key, what, value);
      }
    }
    throw wrong(key, what, value);
  }

  private static IllegalArgumentException wrong(String key, String what, Object value) {
    String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return new IllegalArgumentException("setting " + key + " must be " + what + "; got " + shown);
  }
}
