package dev.apprentice.eval.metric.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalDouble;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a score out of a judge's answer, whichever of the usual shapes it took: JSON ({@code {"score": 4}}, also in
 * a code fence or after some words), {@code Score: 4/5}, {@code **Score**: 4}, {@code 4/5}, or a bare {@code 4}. A
 * score outside [min, max] counts as unparsed, as does one out of another top than max ({@code 4/10} for a 1-5 judge)
 * and an answer with none of these shapes.
 * <p>
 * A judge is asked to end with {@code Score: N} ({@link JudgePrompt}), and often reasons first, so its reasoning may
 * hold other numbers ("written for grade 5 readers", "covers 2/3 of the points"): the last label with a colon or an
 * equals sign ({@code Score:}, {@code rating =}) wins; without one, the last fraction, then the last label without a
 * separator ({@code final score 4}).
 */
public record JudgeScores(double min, double max) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?)";
  private static final Pattern LABELLED = Pattern.compile(
      "(?i)\\b(?:score|rating|grade)\\**\\s*([:=]?)\\s*\\**\\s*" + NUMBER + "(?:\\s*(?:/|out of)\\s*" + NUMBER + ")?");
  private static final Pattern FRACTION = Pattern.compile(NUMBER + "\\s*(?:/|out of)\\s*" + NUMBER);
  private static final Pattern BARE = Pattern.compile("^\\**" + NUMBER + "\\**\\.?$");

  public JudgeScores {
    if (!(max > min)) throw new IllegalArgumentException("the judge's max must be above its min");
  }

  /** The score in the answer, or empty when there is none in range. */
  public OptionalDouble parse(String answer) {
    if (answer == null) return OptionalDouble.empty();
    String text = answer.strip();
    OptionalDouble json = fromJson(text);
    if (json.isPresent()) return inRange(json.getAsDouble());
    MatchResult separated = null;
    MatchResult unseparated = null;
    for (Matcher labelled = LABELLED.matcher(text); labelled.find(); ) {
      if (labelled.group(1).isEmpty()) unseparated = labelled.toMatchResult();
      else separated = labelled.toMatchResult();
    }
    if (separated != null) return outOf(separated.group(2), separated.group(3));
    MatchResult fraction = null;
    for (Matcher found = FRACTION.matcher(text); found.find(); ) fraction = found.toMatchResult();
    if (fraction != null) return outOf(fraction.group(1), fraction.group(2));
    if (unseparated != null) return outOf(unseparated.group(2), unseparated.group(3));
    Matcher bare = BARE.matcher(text);
    if (bare.find()) return inRange(Double.parseDouble(bare.group(1)));
    return OptionalDouble.empty();
  }

  /** A score on [min, max] mapped to [0, 1]. */
  public double normalize(double score) {
    return (score - min) / (max - min);
  }

  /**
   * A score given out of {@code top} (null: not said): one out of another top than the judge's max is on another
   * scale (4/10 is not 4 of 5), so it is unparsed rather than read as a score of this one.
   */
  private OptionalDouble outOf(String score, String top) {
    if (top != null && Double.parseDouble(top) != max) return OptionalDouble.empty();
    return inRange(Double.parseDouble(score));
  }

  private OptionalDouble inRange(double score) {
    return score >= min && score <= max ? OptionalDouble.of(score) : OptionalDouble.empty();
  }

  private static OptionalDouble fromJson(String text) {
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    if (open < 0 || close < open) return OptionalDouble.empty();
    try {
      JsonNode node = JSON.readTree(text.substring(open, close + 1));
      JsonNode score = node == null ? null : node.get("score");
      if (score == null) return OptionalDouble.empty();
      if (score.isNumber()) return OptionalDouble.of(score.asDouble());
      if (score.isTextual()) return OptionalDouble.of(Double.parseDouble(score.asText().strip()));
    } catch (Exception e) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.empty();
  }
}
