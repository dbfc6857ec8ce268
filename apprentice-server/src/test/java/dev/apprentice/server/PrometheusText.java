package dev.apprentice.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests that scrape {@code /metrics}: it parses
 * every line and fails with the line's number on anything a demanding scraper would reject or an SRE would trip over —
 * HELP or TYPE given twice or after the family's samples, a family's samples split apart, a series given twice, a
 * label value with an escape other than {@code \\}, {@code \"} or {@code \n}, a counter not ending in {@code _total},
 * a negative or NaN counter, a histogram whose buckets are not cumulative or whose {@code +Inf} differs from its
 * {@code _count}.
 */
final class PrometheusText {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final String[] HISTOGRAM_SUFFIXES = {"_bucket", "_count", "_sum"};

  /** One sample line: the metric name, its labels (sorted by name) and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  /** Parses and checks a whole scrape; throws {@link AssertionError} naming the first rule broken. */
  static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    parsed.read(text);
    parsed.checkHistograms();
    return parsed;
  }

  List<Sample> samples() {
    return samples;
  }

  /** The samples of one metric name (with its suffix: {@code apprentice_requests_total}). */
  List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The sum of every sample of {@code name} whose labels include {@code match}. */
  double sum(String name, Map<String, String> match) {
    return samples(name).stream().filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
        .mapToDouble(Sample::value).sum();
  }

  /** The family names, as the TYPE lines give them. */
  Set<String> families() {
    return types.keySet();
  }

  /** Every value label {@code label} takes across all samples. */
  Set<String> labelValues(String label) {
    Set<String> values = new HashSet<>();
    for (Sample s : samples) {
      if (s.labels().containsKey(label)) values.add(s.labels().get(label));
    }
    return values;
  }

  private void read(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) throw new AssertionError("the exposition must end with a newline");
    Set<String> helped = new HashSet<>();
    Set<String> series = new HashSet<>();
    String current = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + " '" + line + "'";
      if (line.isEmpty()) continue;
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ", 2);
        String family = parts[0];
        check(NAME.matcher(family).matches(), where, "not a metric name");
        check(!hasSamples(family), where, "HELP/TYPE after the family's samples");
        if (line.startsWith("# HELP ")) {
          check(helped.add(family), where, "a second HELP for " + family);
        } else {
          check(parts.length == 2, where, "TYPE without a type");
          check(types.putIfAbsent(family, parts[1]) == null, where, "a second TYPE for " + family);
          check(Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1]), where,
              "unknown type " + parts[1]);
        }
        current = family;
        continue;
      }
      if (line.startsWith("#")) continue;
      Sample sample = sample(line, where);
      String family = familyOf(sample.name());
      check(family != null, where, "a sample with no TYPE before it");
      check(family.equals(current), where, "samples of " + family + " split apart by another family");
      check(series.add(sample.name() + sample.labels()), where, "the same series twice");
      String type = types.get(family);
      if ("counter".equals(type)) {
        check(sample.name().endsWith("_total") || sample.name().endsWith("_created"), where,
            "a counter not ending in _total");
        check(!Double.isNaN(sample.value()) && sample.value() >= 0, where, "a counter that is NaN or negative");
      }
      if ("histogram".equals(type) && !sample.name().equals(family)) {
        check(!Double.isNaN(sample.value()), where, "a histogram sample that is NaN");
      }
      samples.add(sample);
    }
  }

  private boolean hasSamples(String family) {
    return samples.stream().anyMatch(s -> family.equals(familyOf(s.name())));
  }

  /** The family a sample belongs to: its name, or its name less a histogram's suffix. */
  private String familyOf(String name) {
    if (types.containsKey(name)) return name;
    for (String suffix : HISTOGRAM_SUFFIXES) {
      if (name.endsWith(suffix)) {
        String family = name.substring(0, name.length() - suffix.length());
        if ("histogram".equals(types.get(family))) return family;
      }
    }
    return null;
  }

  private static Sample sample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
    String name = line.substring(0, i);
    check(NAME.matcher(name).matches(), where, "not a metric name");
    Map<String, String> labels = new TreeMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        check(eq > 0, where, "a label without '='");
        String label = line.substring(i, eq);
        check(LABEL_NAME.matcher(label).matches(), where, "not a label name: " + label);
        check(eq + 1 < line.length() && line.charAt(eq + 1) == '"', where, "a label value not in quotes");
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; ; j++) {
          check(j < line.length(), where, "an unterminated label value");
          char c = line.charAt(j);
          if (c == '"') break;
          if (c == '\\') {
            check(j + 1 < line.length(), where, "a trailing backslash");
            char next = line.charAt(++j);
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new AssertionError(where + ": an unknown escape \\" + next);
            }
          } else {
            value.append(c);
          }
        }
        check(labels.put(label, value.toString()) == null, where, "label " + label + " twice");
        i = j + 1;
        check(i < line.length(), where, "labels without '}'");
        if (line.charAt(i) == ',') i++;
        else check(line.charAt(i) == '}', where, "labels not separated by ','");
      }
      i++;
    }
    check(i < line.length() && line.charAt(i) == ' ', where, "no space before the value");
    String[] rest = line.substring(i + 1).split(" ");
    check(rest.length == 1 || rest.length == 2, where, "more than a value and a timestamp");
    return new Sample(name, labels, number(rest[0], where));
  }

  private static double number(String text, String where) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new AssertionError(where + ": not a number: " + text);
        }
      }
    };
  }

  /** Buckets cumulative in increasing {@code le}, ending at {@code +Inf}, which equals {@code _count}; a {@code _sum}. */
  private void checkHistograms() {
    for (Map.Entry<String, String> family : types.entrySet()) {
      if (!family.getValue().equals("histogram")) continue;
      String name = family.getKey();
      Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
      for (Sample s : samples(name + "_bucket")) {
        check(s.labels().containsKey("le"), name, "a bucket without le");
        Map<String, String> series = new TreeMap<>(s.labels());
        series.remove("le");
        buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
      }
      for (Sample count : samples(name + "_count")) {
        List<Sample> series = buckets.get(count.labels());
        check(series != null, name + count.labels(), "a _count without buckets");
        double previousLe = Double.NEGATIVE_INFINITY;
        double previous = 0;
        for (Sample bucket : series) {
          double le = number(bucket.labels().get("le"), name);
          check(le > previousLe, name + count.labels(), "buckets not in increasing le");
          check(bucket.value() >= previous, name + bucket.labels(), "buckets not cumulative");
          previousLe = le;
          previous = bucket.value();
        }
        check(previousLe == Double.POSITIVE_INFINITY, name + count.labels(), "no +Inf bucket");
        check(previous == count.value(), name + count.labels(),
            "+Inf bucket " + previous + " differs from _count " + count.value());
        check(samples(name + "_sum").stream().anyMatch(s -> s.labels().equals(count.labels())),
            name + count.labels(), "no _sum");
      }
      check(buckets.size() == samples(name + "_count").size(), name, "buckets without a _count");
    }
  }

  private static void check(boolean rule, String where, String broken) {
    if (!rule) throw new AssertionError(where + ": " + broken);
  }
}
