package dev.apprentice.eval.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a resume must find unchanged in a suite's text: everything that decides which items run and what they are
 * asked and scored with. The budget is not part of it (a run stopped at its cap is resumed with a higher one), nor
 * are comments, layout and the order of the suite's own keys; the command line's overrides kept with the text as
 * {@code # --name value} lines are, except {@code # --budget-usd} (which runs started before the budget was left out
 * have). Inside a variant's {@code parameters} and a metric's {@code settings}, which are passed on as written (a JSON
 * schema's property order shapes the answer), order counts. Both texts are read when a resume compares them, so runs
 * started before the order of keys was left out compare the same way: nothing about the identity is stored.
 */
public final class SuiteIdentity {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Values passed on as written, whose key order is kept. */
  private static final Set<String> AS_WRITTEN = Set.of("parameters", "settings");

  private SuiteIdentity() {}

  /** True when a run started with suite text {@code started} may be resumed with {@code now}. */
  public static boolean sameRun(String started, String now) {
    return of(started).equals(of(now));
  }

  static String of(String suiteText) {
    String overrides = suiteText.lines().filter(l -> l.startsWith("# --") && !l.startsWith("# --budget-usd"))
        .collect(Collectors.joining("\n"));
    try {
      JsonNode tree = YAML.readTree(suiteText);
      if (tree instanceof ObjectNode object) object.remove("budget_usd");
      return JSON.writeValueAsString(canonical(tree)) + "\n" + overrides;
    } catch (JsonProcessingException e) {
      return suiteText;
    }
  }

  /** The suite's mappings with their keys sorted (but for those {@link #AS_WRITTEN}); lists keep their order. */
  private static JsonNode canonical(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode sorted = JSON.createObjectNode();
      Set<String> names = new TreeSet<>();
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) names.add(it.next());
      for (String name : names) {
        sorted.set(name, AS_WRITTEN.contains(name) ? object.get(name) : canonical(object.get(name)));
      }
      return sorted;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(element -> copy.add(canonical(element)));
      return copy;
    }
    return node;
  }
}
