package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 dotted quads (octets up to 255) and IPv6 addresses in every RFC 4291 form (full, compressed, with an
 * embedded IPv4 address, with a zone id). Short compressed IPv6 forms such as {@code ::1} score low unless context
 * words back them, and need a group of three or more hex digits ({@code a::b} is left alone). An address may follow
 * a name it is glued to by {@code _} or {@code .} ({@code server_10.0.0.5}, {@code host.10.0.0.5}); the context words
 * then decide as anywhere else ({@code release_1.2.3.4} reads as a version, {@code server_10.0.0.5} as an address).
 * Digits glued to a letter ({@code v1.2.3.4}) or after a dot that follows a digit (the tail of {@code 1.2.3.4.5}) are
 * no address.
 */
final class IpRecognizer implements Recognizer {

  private static final Anchored.FirstChars IPV4_FIRST = Anchored.FirstChars.of(Anchored.DIGITS);
  private static final Anchored.FirstChars IPV6_FIRST = Anchored.FirstChars.of("0123456789abcdefABCDEF:");
  private static final Pattern IPV4 = Pattern.compile("(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\w|\\.\\d)");
  private static final Pattern IPV6 = Pattern.compile(
      "[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\.\\d{1,3}){0,3}(?:%[\\w.~-]+)?");

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    if (text.indexOf('.') >= 0) {
      Anchored.each(scan, IPV4_FIRST, IPV4, IpRecognizer::ipv4StartsHere, matcher -> {
        if (IpAddresses.validIpv4(matcher.group())) {
          out.add(new Finding("IP_ADDRESS", matcher.start(), matcher.end(), 0.6, matcher.group()));
        }
        return matcher.end();
      });
    }
    if (text.indexOf(':') < 0) return;
    Anchored.each(scan, IPV6_FIRST, IPV6, IpRecognizer::ipv6StartsHere, matcher -> {
      int start = matcher.start();
      int end = matcher.end();
      while (end > start && !IpAddresses.validIpv6(text.substring(start, end))
          && (text.charAt(end - 1) == ':' || text.charAt(end - 1) == '.')) {
        end--;
      }
      String candidate = text.substring(start, end);
      int groups = IpAddresses.validIpv6(candidate) ? IpAddresses.writtenGroups(candidate) : 0;
      if (groups == 0 || (groups < 3 && !candidate.equals("::1") && !hasLongGroup(candidate))) return matcher.end();
      out.add(new Finding("IP_ADDRESS", start, end, groups >= 4 ? 0.6 : 0.3, candidate));
      return end;
    });
  }

  /** A group of three or four hex digits: {@code fe80::1} is an address, {@code a::b} is more likely code. */
  private static boolean hasLongGroup(String candidate) {
    int run = 0;
    for (int i = 0; i < candidate.length(); i++) {
      run = Character.digit(candidate.charAt(i), 16) >= 0 ? run + 1 : 0;
      if (run >= 3) return true;
      if (candidate.charAt(i) == '%') return false;
    }
    return false;
  }

  /** One to three digits at the start of a token, then a dot and a digit (most digit runs are no address). */
  private static boolean ipv4StartsHere(String text, int i) {
    if (!Anchored.isDigit(text.charAt(i)) || !boundary(text, i, false)) return false;
    int end = i + 1;
    while (end < text.length() && end - i < 4 && Anchored.isDigit(text.charAt(end))) end++;
    return end + 1 < text.length() && text.charAt(end) == '.' && Anchored.isDigit(text.charAt(end + 1));
  }

  /**
   * A hex digit or colon at the start of a token, followed by hex digits and colons with at least two colons among
   * them (an address has two or more; "Fax: 555" has none).
   */
  private static boolean ipv6StartsHere(String text, int i) {
    char c = text.charAt(i);
    char before = Anchored.before(text, i);
    if ((Character.digit(c, 16) < 0 && c != ':') || before == ':'
        || !boundary(text, i, true)) {
      return false;
    }
    int colons = 0;
    for (int k = i; k < text.length() && colons < 2; k++) {
      char next = text.charAt(k);
      if (next == ':') {
        colons++;
      } else if (Character.digit(next, 16) < 0) {
        return false;
      }
    }
    return colons >= 2;
  }

  /**
   * True when an address may start at {@code i}: after no letter or digit, after {@code _} (a name glued to it), or
   * after a dot that does not follow a character the address could hold ({@code host.10.0.0.5}, not the tail of
   * {@code 1.2.3.4.5}).
   */
  private static boolean boundary(String text, int i, boolean ipv6) {
    char before = Anchored.before(text, i);
    if (before == '_') return true;
    if (before == '.') {
      char held = Anchored.before(text, i - 1);
      return !(ipv6 ? Character.digit(held, 16) >= 0 || held == ':' : Anchored.isDigit(held));
    }
    return !isWordChar(before);
  }

  private static boolean isWordChar(char c) {
    return Anchored.isAsciiAlnum(c) || c == '_' || (c >= 0x80 && Character.isLetterOrDigit(c));
  }
}
