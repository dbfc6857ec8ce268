package dev.apprentice.guard.chat;

import dev.apprentice.guard.Finding;

/**
 * An image URL as scanners read it: ASCII percent-escapes decoded ({@code %40} is {@code @}) and the delimiters
 * between its parts ({@code / ? & = # ; +}) read as spaces, so that a value in its path or query
 * ({@code ?email=gina%40x.org}) is read as a word of its own. Delimiters written as escapes are read as spaces too
 * (but for {@code %2B}, a plus sign as in {@code +1 415…}): a link passed in the query
 * ({@code ?to=https%3A%2F%2Fcrm.example.com%2Fu%2Fgina%40x.org}) would otherwise read as one URL holding the
 * address, and a URL in an image's address is no value, so the address would go unread with it. Findings in the
 * view are mapped back onto the URL as written; their text stays the decoded value, so that it gets the same
 * placeholder as the same value elsewhere.
 */
final class UrlView {

  private static final String DELIMITERS = "/?&=#;+";

  private final String text;
  /** For each character of the view, where it starts in the URL; one more entry: the URL's length. */
  private final int[] starts;

  private UrlView(String text, int[] starts) {
    this.text = text;
    this.starts = starts;
  }

  static UrlView of(String url) {
    StringBuilder view = new StringBuilder(url.length());
    int[] starts = new int[url.length() + 1];
    int i = 0;
    while (i < url.length()) {
      starts[view.length()] = i;
      char c = url.charAt(i);
      int escaped = c == '%' && i + 2 < url.length() ? hex(url.charAt(i + 1), url.charAt(i + 2)) : -1;
      if (escaped >= 0 && escaped < 0x80) {
        view.append(escaped != '+' && DELIMITERS.indexOf(escaped) >= 0 ? ' ' : (char) escaped);
        i += 3;
      } else {
        view.append(DELIMITERS.indexOf(c) >= 0 ? ' ' : c);
        i++;
      }
    }
    starts[view.length()] = url.length();
    return new UrlView(view.toString(), starts);
  }

  String text() {
    return text;
  }

  /** {@code finding} (offsets in the view) with offsets in the URL as written. */
  Finding inUrl(Finding finding) {
    return new Finding(finding.type(), finding.subtype(), starts[finding.start()], starts[finding.end()],
        finding.score(), finding.text());
  }

  private static int hex(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }
}
