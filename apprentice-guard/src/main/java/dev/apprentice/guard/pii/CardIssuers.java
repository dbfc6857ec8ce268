package dev.apprentice.guard.pii;

import java.util.List;

/** Issuer identification number (IIN) ranges of the card networks, with the lengths each network issues. */
public final class CardIssuers {

  /** One IIN range: numbers whose first {@code digits} digits lie in [from, to], of length min..max. */
  private record Range(String network, int digits, int from, int to, int minLength, int maxLength) {

    boolean matches(String number) {
      if (number.length() < minLength || number.length() > maxLength || number.length() < digits) return false;
      int prefix = Integer.parseInt(number, 0, digits, 10);
      return prefix >= from && prefix <= to;
    }
  }

  private static final List<Range> RANGES = List.of(
      new Range("visa", 1, 4, 4, 13, 19),
      new Range("mastercard", 2, 51, 55, 16, 16),
      new Range("mastercard", 4, 2221, 2720, 16, 16),
      new Range("amex", 2, 34, 34, 15, 15),
      new Range("amex", 2, 37, 37, 15, 15),
      new Range("diners", 3, 300, 305, 14, 19),
      new Range("diners", 4, 3095, 3095, 14, 19),
      new Range("diners", 2, 36, 36, 14, 19),
      new Range("diners", 2, 38, 39, 14, 19),
      new Range("discover", 4, 6011, 6011, 16, 19),
      new Range("discover", 3, 644, 649, 16, 19),
      new Range("discover", 2, 65, 65, 16, 19),
      new Range("jcb", 4, 3528, 3589, 16, 19),
      new Range("jcb", 4, 1800, 1800, 15, 15),
      new Range("jcb", 4, 2131, 2131, 15, 15),
      new Range("unionpay", 2, 62, 62, 16, 19),
      new Range("mir", 4, 2200, 2204, 16, 19),
      new Range("uatp", 1, 1, 1, 15, 15),
      new Range("maestro", 2, 50, 50, 12, 19),
      new Range("maestro", 2, 56, 69, 12, 19));

  private CardIssuers() {}

  /** The network that issues numbers like this one (ASCII digits), or null when no known range and length fit. */
  public static String network(String number) {
    for (Range range : RANGES) {
      if (range.matches(number)) return range.network();
    }
    return null;
  }

  /** True for a major industry identifier used by card networks (first digit 1 to 6). */
  public static boolean cardIndustry(String number) {
    return !number.isEmpty() && number.charAt(0) >= '1' && number.charAt(0) <= '6';
  }
}
