package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * URLs with a scheme ({@code http}, {@code https}, {@code ftp}) or starting with {@code www.}, whose host is a
 * domain name, an IP address or {@code localhost}. Trailing sentence punctuation and unbalanced brackets are left
 * out of the span.
 */
final class UrlRecognizer implements Recognizer {

  private static final Anchored.FirstChars FIRST = Anchored.FirstChars.of("hHfFwW");
  private static final Pattern URL = Pattern.compile(
      "(?i)(?<![\\w.@])(?:(?:https?|ftp)://|www\\.)[^\\s<>\"'`{}|\\\\^]+");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?i)(?:[a-z0-9\\p{L}](?:[a-z0-9\\p{L}-]{0,61}[a-z0-9\\p{L}])?\\.)+(?:[a-z\\p{L}]{2,24}|xn--[a-z0-9-]{2,59})");
  private static final String TRAILING = ".,;:!?'\")]}*";
  private static final int MAX_HOST = 253;

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    if (text.indexOf("://") < 0 && text.indexOf("www.") < 0 && text.indexOf("WWW.") < 0) return;
    Anchored.each(scan, FIRST, URL, (t, i) -> true, matcher -> {
      int end = trimmedEnd(text, matcher.start(), matcher.end());
      String url = text.substring(matcher.start(), end);
      if (hasGoodHost(url)) {
        double score = url.regionMatches(true, 0, "www.", 0, 4) ? 0.5 : 0.6;
        out.add(new Finding("URL", matcher.start(), end, score, url));
      }
      return matcher.end();
    });
  }

  private static int trimmedEnd(String text, int start, int end) {
    while (end > start) {
      char last = text.charAt(end - 1);
      if (TRAILING.indexOf(last) < 0) break;
      if (last == ')' && count(text, start, end, '(') >= count(text, start, end, ')')) break;
      if (last == ']' && count(text, start, end, '[') >= count(text, start, end, ']')) break;
      end--;
    }
    return end;
  }

  private static int count(String text, int start, int end, char c) {
    int n = 0;
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == c) n++;
    }
    return n;
  }

  private static boolean hasGoodHost(String url) {
    int from = url.indexOf("://");
    from = from < 0 ? 0 : from + 3;
    int to = from;
    while (to < url.length() && "/?#".indexOf(url.charAt(to)) < 0) to++;
    String authority = url.substring(from, to);
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 && IpAddresses.validIpv6(host.substring(1, close));
    }
    int colon = host.indexOf(':');
    if (colon >= 0) host = host.substring(0, colon);
    // a domain name has at most 253 characters; the check also keeps the regex, which recurses once per label,
    // off kilobytes of "www.www.www." (a stack overflow at 16 KB)
    if (host.length() > MAX_HOST) return false;
    return host.toLowerCase(Locale.ROOT).equals("localhost") || IpAddresses.validIpv4(host)
        || DOMAIN.matcher(host).matches();
  }
}
