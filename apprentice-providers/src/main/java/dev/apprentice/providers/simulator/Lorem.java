package dev.apprentice.providers.simulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Deterministic lorem ipsum: sentences of 6 to 14 words drawn from a seed. Every token is a precomputed string, so a
 * reply costs one array and no text building.
 */
final class Lorem {

  private static final String[] WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
      + "tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco "
      + "laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum "
      + "eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt "
      + "mollit anim id est laborum").split(" ");
  private static final String[] FIRST = map("", true, "");
  private static final String[] OPENING = map(" ", true, "");
  private static final String[] MIDDLE = map(" ", false, "");
  private static final String[] CLOSING = map(" ", false, ".");

  private Lorem() {}

  /** {@code count} tokens of lorem ipsum chosen by {@code seed}; the last one ends its sentence. */
  static List<String> tokens(int count, long seed) {
    String[] tokens = new String[count];
    long state = seed;
    int left = 0;
    for (int i = 0; i < count; i++) {
      state += Simulation.GOLDEN_GAMMA;
      long bits = Simulation.mix(state);
      int word = (int) ((bits >>> 1) % WORDS.length);
      boolean opens = left == 0;
      if (opens) left = 6 + (int) ((bits >>> 40) % 9);
      left--;
      boolean closes = left == 0 || i == count - 1;
      tokens[i] = i == 0 ? (closes ? FIRST[word] + "." : FIRST[word])
          : opens ? (closes ? OPENING[word] + "." : OPENING[word])
          : closes ? CLOSING[word] : MIDDLE[word];
    }
    return Collections.unmodifiableList(Arrays.asList(tokens));
  }

  private static String[] map(String before, boolean capital, String after) {
    String[] out = new String[WORDS.length];
    for (int i = 0; i < WORDS.length; i++) {
      String word = capital ? Character.toUpperCase(WORDS[i].charAt(0)) + WORDS[i].substring(1) : WORDS[i];
      out[i] = before + word + after;
    }
    return out;
  }
}
