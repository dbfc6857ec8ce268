package dev.apprentice.eval.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.stream.Collectors;

/**
 * What a resume must find unchanged in a suite's text: everything that decides which items run and what they are
 * asked and scored with. The budget is not part of it (a run stopped at its cap is resumed with a higher one), nor
 * are comments and layout; the command line's overrides kept with the text as {@code # --name value} lines are,
 * except {@code # --budget-usd} (which runs started before the budget was left out have).
 */
public final class SuiteIdentity {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

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
      return JSON.writeValueAsString(tree) + "\n" + overrides;
    } catch (JsonProcessingException e) {
      return suiteText;
    }
  }
}
