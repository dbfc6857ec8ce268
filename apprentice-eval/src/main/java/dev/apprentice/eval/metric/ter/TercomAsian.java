package dev.apprentice.eval.metric.ter;

import java.util.regex.Pattern;

/** Tercom's Asian-language support: CJK characters and Asian punctuation become tokens of their own. */
final class TercomAsian {

  private static final String ASIAN_PUNCT = "([\\u3001\\u3002\\u3008-\\u3011\\u3014-\\u301f\\uff61-\\uff65\\u30fb])";
  private static final String FULL_WIDTH_PUNCT =
      "([\\uff0e\\uff0c\\uff1f\\uff1a\\uff1b\\uff01\\uff02\\uff08\\uff09])";

  private static final Pattern[] SPLIT_CHARACTERS = {
      Pattern.compile("([\\u4e00-\\u9fff\\u3400-\\u4dbf])"),
      Pattern.compile("([\\u31c0-\\u31ef\\u2e80-\\u2eff])"),
      Pattern.compile("([\\u3300-\\u33ff\\uf900-\\ufaff\\ufe30-\\ufe4f])"),
      Pattern.compile("([\\u3200-\\u3f22])")};

  /** Kana runs, split only where sacreBLEU's (anchored) patterns allow it. */
  private static final Pattern[] KANA = {kana("\\u3040-\\u309f"), kana("\\u30a0-\\u30ff"), kana("\\u31f0-\\u31ff")};

  private static final Pattern ASIAN_PUNCTUATION = Pattern.compile(ASIAN_PUNCT);
  private static final Pattern FULL_WIDTH_PUNCTUATION = Pattern.compile(FULL_WIDTH_PUNCT);

  private TercomAsian() {}

  private static Pattern kana(String range) {
    return Pattern.compile("(^|^[" + range + "])([" + range + "]+)(?=$|^[" + range + "])", Pattern.UNIX_LINES);
  }

  static String normalize(String text) {
    for (Pattern pattern : SPLIT_CHARACTERS) text = pattern.matcher(text).replaceAll(" $1 ");
    for (Pattern pattern : KANA) text = pattern.matcher(text).replaceAll("$1 $2 ");
    text = ASIAN_PUNCTUATION.matcher(text).replaceAll(" $1 ");
    return FULL_WIDTH_PUNCTUATION.matcher(text).replaceAll(" $1 ");
  }

  static String removePunctuation(String text) {
    text = ASIAN_PUNCTUATION.matcher(text).replaceAll("");
    return FULL_WIDTH_PUNCTUATION.matcher(text).replaceAll("");
  }
}
