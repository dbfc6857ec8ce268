package dev.apprentice.guard.secrets;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of credential: the literals its matches start with, a precompiled pattern, the group holding the
 * secret, and a check that scores a match (0 rejects it), e.g. a decodable header or enough entropy. The pattern
 * is only tried, anchored, where one of the literals starts a token, so text without them costs one search each.
 * Patterns must not backtrack far from a start (possessive or bounded runs): a text can hold a start every few
 * characters.
 *
 * @param subtype the finding's subtype ({@code openai_api_key}, {@code jwt}, …)
 * @param starts  lower-case literals every match starts with
 * @param joiners characters besides letters and digits that continue a token: a literal right after one is inside
 *                a longer token, not the start of a match (a pattern whose runs take them must list them, so that a
 *                run is read from its start only, not again from every literal inside it)
 * @param pattern the pattern, matched from the literal on
 * @param group   the capturing group that is the secret (0: the whole match)
 * @param check   scores one match
 */
record SecretRule(String subtype, List<String> starts, String joiners, Pattern pattern, int group, Check check) {

  /** Scores one match; 0 rejects it. */
  @FunctionalInterface
  interface Check {
    double score(String secret, String text, int start);
  }

  /**
   * Adds this rule's findings in {@code text} to {@code out}; {@code lower} is its lower-case copy
   * ({@link dev.apprentice.guard.LowerCase}: the same length, so offsets carry over).
   */
  void find(String text, String lower, List<Finding> out) {
    Matcher matcher = null;
    for (String start : starts) {
      for (int at = lower.indexOf(start); at >= 0; at = lower.indexOf(start, at + 1)) {
        if (at > 0 && continuesToken(text.charAt(at - 1))) continue;
        if (matcher == null) matcher = pattern.matcher(text).useTransparentBounds(true);
        matcher.region(at, text.length());
        if (!matcher.lookingAt()) continue;
        at = Math.max(at, matcher.end() - 1); // the next start is past this match: "sk-sk-sk-…" is read once
        String secret = matcher.group(group);
        double score = check.score(secret, text, matcher.start(group));
        if (score > 0) {
          out.add(new Finding("SECRET", subtype, matcher.start(group), matcher.end(group), score, secret));
        }
      }
    }
  }

  private boolean continuesToken(char c) {
    return Character.isLetterOrDigit(c) || joiners.indexOf(c) >= 0;
  }
}
