package dev.apprentice.eval.metric.rouge;

import java.util.Locale;
import java.util.Map;

/**
 * The Porter stemmer (Porter, 1980) as NLTK's {@code PorterStemmer()} runs it by default (mode NLTK_EXTENSIONS,
 * which rouge-score uses): Martin Porter's later changes plus NLTK's, such as a table of irregular forms,
 * {@code ies}/{@code ied} on four-letter words, and the {@code alli} and {@code logi} rules. Words are lowercase
 * ASCII; words of one or two characters are returned as they are.
 */
public final class PorterStemmer {

  private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("sky", "sky"),
      Map.entry("skies", "sky"), Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
      Map.entry("news", "news"), Map.entry("innings", "inning"), Map.entry("inning", "inning"),
      Map.entry("outings", "outing"), Map.entry("outing", "outing"), Map.entry("cannings", "canning"),
      Map.entry("canning", "canning"), Map.entry("howe", "howe"), Map.entry("proceed", "proceed"),
      Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

  private static final String[][] STEP2 = {{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"},
      {"anci", "ance"}, {"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"},
      {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
      {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {"fulli", "ful"}};

  private static final String[][] STEP3 = {{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
      {"ical", "ic"}, {"ful", ""}, {"ness", ""}};

  private static final String[] STEP4 = {"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
      "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"};

  private PorterStemmer() {}

  public static String stem(String word) {
    String stem = word.toLowerCase(Locale.ROOT);
    if (IRREGULAR.containsKey(word)) return IRREGULAR.get(stem);
    if (word.codePointCount(0, word.length()) <= 2) return stem;
    stem = step1a(stem);
    stem = step1b(stem);
    stem = step1c(stem);
    stem = step2(stem);
    stem = step3(stem);
    stem = step4(stem);
    stem = step5a(stem);
    return step5b(stem);
  }

  private static String step1a(String word) {
    if (word.endsWith("ies") && word.length() == 4) return cut(word, 3) + "ie";
    if (word.endsWith("sses")) return cut(word, 2);
    if (word.endsWith("ies")) return cut(word, 2);
    if (word.endsWith("ss")) return word;
    if (word.endsWith("s")) return cut(word, 1);
    return word;
  }

  private static String step1b(String word) {
    if (word.endsWith("ied")) return cut(word, 3) + (word.length() == 4 ? "ie" : "i");
    if (word.endsWith("eed")) {
      String stem = cut(word, 3);
      return Measure.of(stem) > 0 ? stem + "ee" : word;
    }
    String stem;
    if (word.endsWith("ed") && Measure.hasVowel(cut(word, 2))) {
      stem = cut(word, 2);
    } else if (word.endsWith("ing") && Measure.hasVowel(cut(word, 3))) {
      stem = cut(word, 3);
    } else {
      return word;
    }
    if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return stem + "e";
    if (Measure.endsDoubleConsonant(stem)) {
      char last = stem.charAt(stem.length() - 1);
      return last == 'l' || last == 's' || last == 'z' ? stem : cut(stem, 1);
    }
    return Measure.of(stem) == 1 && Measure.endsCvc(stem) ? stem + "e" : stem;
  }

  private static String step1c(String word) {
    if (!word.endsWith("y")) return word;
    String stem = cut(word, 1);
    return stem.length() > 1 && Measure.isConsonant(stem, stem.length() - 1) ? stem + "i" : word;
  }

  private static String step2(String word) {
    if (word.endsWith("alli") && Measure.of(cut(word, 4)) > 0) return step2(cut(word, 4) + "al");
    for (String[] rule : STEP2) {
      if (word.endsWith(rule[0])) {
        String stem = cut(word, rule[0].length());
        return Measure.of(stem) > 0 ? stem + rule[1] : word;
      }
    }
    if (word.endsWith("logi")) return Measure.of(cut(word, 3)) > 0 ? cut(word, 4) + "log" : word;
    return word;
  }

  private static String step3(String word) {
    for (String[] rule : STEP3) {
      if (word.endsWith(rule[0])) {
        String stem = cut(word, rule[0].length());
        return Measure.of(stem) > 0 ? stem + rule[1] : word;
      }
    }
    return word;
  }

  private static String step4(String word) {
    for (String suffix : STEP4) {
      if (word.endsWith(suffix)) {
        String stem = cut(word, suffix.length());
        boolean removable = Measure.of(stem) > 1;
        if (suffix.equals("ion")) {
          char last = stem.isEmpty() ? ' ' : stem.charAt(stem.length() - 1);
          removable &= last == 's' || last == 't';
        }
        return removable ? stem : word;
      }
    }
    return word;
  }

  private static String step5a(String word) {
    if (!word.endsWith("e")) return word;
    String stem = cut(word, 1);
    int measure = Measure.of(stem);
    if (measure > 1) return stem;
    if (measure == 1 && !Measure.endsCvc(stem)) return stem;
    return word;
  }

  private static String step5b(String word) {
    if (word.endsWith("ll") && Measure.of(cut(word, 1)) > 1) return cut(word, 1);
    return word;
  }

  private static String cut(String word, int suffixLength) {
    return word.substring(0, word.length() - suffixLength);
  }
}
