package dev.apprentice.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The built-in config, kept as the YAML resource {@code /apprentice-default.yaml}. Lines between
 * {@code #@if VAR} and {@code #@end} stay only when the environment variable VAR is set and not empty; the
 * result is parsed like any user's file, so the default is always valid config.
 */
final class DefaultConfig {

  static final String RESOURCE = "/apprentice-default.yaml";

  private DefaultConfig() {}

  static String yaml(Map<String, String> env) {
    StringBuilder kept = new StringBuilder();
    String condition = null;
    for (String line : resource().split("\n", -1)) {
      String directive = line.strip();
      if (directive.startsWith("#@if ")) {
        condition = directive.substring("#@if ".length()).strip();
      } else if (directive.equals("#@end")) {
        condition = null;
      } else if (condition == null || isSet(env, condition)) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static String resource() {
    try (InputStream in = DefaultConfig.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
