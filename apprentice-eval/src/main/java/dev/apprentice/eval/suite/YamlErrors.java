package dev.apprentice.eval.suite;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** YAML that does not parse, said in one line for a suite or prompt file. */
public final class YamlErrors {

  private YamlErrors() {}

  /**
   * The parser's complaint in one line with its place: its own message spans several lines (what it was parsing,
   * then the problem, each with the source line and a caret under the column), of which the problem is the last
   * line that is not indented. A key given twice (the parsers here refuse it) is a {@code duplicate key 'name'}.
   */
  public static String describe(JsonProcessingException e) {
    String problem = e.getOriginalMessage().lines().filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .reduce((first, second) -> second).orElse("cannot be parsed").replace("Duplicate field", "duplicate key");
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "not valid YAML" + where + ": " + problem;
  }
}
