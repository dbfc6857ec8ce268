package dev.apprentice.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems found while reading a config, keyed by path. The first problem at a path wins, and nothing is reported
 * below a path that already has one, so a broken value does not cascade into follow-up complaints. Also the warnings:
 * values that are valid but probably not what was meant (they do not stop the config).
 */
final class Problems {

  private final Map<String, String> byPath = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  void add(String path, String message) {
    if (!coveredBy(path)) {
      byPath.put(path, message);
    }
  }

  void warn(String path, String message) {
    warnings.add(path.isEmpty() ? message : path + ": " + message);
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  boolean isEmpty() {
    return byPath.isEmpty();
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    byPath.forEach((path, message) -> lines.add(path.isEmpty() ? message : path + ": " + message));
    return lines;
  }

  void throwIfAny() {
    if (!isEmpty()) {
      throw new ConfigException(lines());
    }
  }

  private boolean coveredBy(String path) {
    for (String reported : byPath.keySet()) {
      if (reported.isEmpty() || path.equals(reported)
          || path.startsWith(reported + ".") || path.startsWith(reported + "[")) {
        return true;
      }
    }
    return false;
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
