package dev.apprentice.eval.metric.rouge;

/** The Porter stemmer's conditions on a stem: consonants, the measure m, *v*, *d and *o. */
final class Measure {

  private Measure() {}

  /** A letter other than a, e, i, o, u, and other than a y that follows a consonant. */
  static boolean isConsonant(String word, int i) {
    boolean consonant = true;
    for (int k = 0; k <= i; k++) {
      char c = word.charAt(k);
      if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
        consonant = false;
      } else if (c == 'y') {
        consonant = k == 0 || !consonant;
      } else {
        consonant = true;
      }
    }
    return consonant;
  }

  /** m in [C](VC){m}[V]: the number of vowel-to-consonant changes. */
  static int of(String stem) {
    int measure = 0;
    boolean previousConsonant = true;
    boolean consonant = true;
    for (int k = 0; k < stem.length(); k++) {
      char c = stem.charAt(k);
      if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
        consonant = false;
      } else if (c == 'y') {
        consonant = k == 0 || !consonant;
      } else {
        consonant = true;
      }
      if (k > 0 && !previousConsonant && consonant) measure++;
      previousConsonant = consonant;
    }
    return measure;
  }

  /** *v*: the stem contains a vowel. */
  static boolean hasVowel(String stem) {
    for (int k = 0; k < stem.length(); k++) {
      if (!isConsonant(stem, k)) return true;
    }
    return false;
  }

  /** *d: the word ends with a double consonant. */
  static boolean endsDoubleConsonant(String word) {
    int n = word.length();
    return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
  }

  /** *o: the word ends consonant-vowel-consonant, the last not w, x or y; or (NLTK) is vowel-consonant. */
  static boolean endsCvc(String word) {
    int n = word.length();
    if (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)) {
      char last = word.charAt(n - 1);
      if (last != 'w' && last != 'x' && last != 'y') return true;
    }
    return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
  }
}
