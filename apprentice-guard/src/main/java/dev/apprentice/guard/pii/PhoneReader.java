package dev.apprentice.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads phone numbers at libphonenumber's {@code POSSIBLE} leniency in one pass over a window: each chain of digit
 * groups ({@link PhoneChains}) is found once and tested with libphonenumber's metadata ({@code isPossibleNumber},
 * {@code isValidNumber}) on its digits directly, where the matcher would search the text and parse each candidate
 * again for every region hint. A chain written with {@code +} or an international prefix is read with the country
 * code that follows; any other under each hint in turn, with the hint's national prefix dropped or kept (and its
 * country code dropped when written without {@code +}), until one reads it as valid. A chain some hint cannot read
 * at all is also read group by group inside, under those hints, as the matcher reads a rejected candidate's parts.
 */
final class PhoneReader {

  /** One reading: where, whether it is a valid number (else only a possible one), whether written internationally. */
  record Reading(int start, int end, boolean valid, boolean international) {}

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MIN_NATIONAL_DIGITS = 2;
  private static final int MAX_NATIONAL_DIGITS = 17;
  private static final List<String> INTERNATIONAL_PREFIXES = List.of("0011", "011", "010", "00");
  private static final String UNKNOWN_REGION = "ZZ";
  /** The most chains inside longer ones that one window reads: a dozen numbers run together, not a kilobyte. */
  private static final int INSIDE_BUDGET = 96;

  /**
   * A region hint with what reading it needs: its country code (and whether other regions share it) and national
   * prefix.
   */
  private record Hint(String region, int countryCode, String countryDigits, String nationalPrefix, boolean shared) {}

  private final List<Hint> hints;
  private final int minDigits;

  PhoneReader(List<String> regions, int minDigits) {
    List<Hint> hints = new ArrayList<>();
    for (String region : regions) {
      int code = UTIL.getCountryCodeForRegion(region);
      if (code == 0) continue;
      String prefix = UTIL.getNddPrefixForRegion(region, true);
      hints.add(new Hint(region, code, Integer.toString(code), prefix == null || prefix.isEmpty() ? null : prefix,
          UTIL.getRegionCodesForCountryCode(code).size() > 1));
    }
    this.hints = List.copyOf(hints);
    this.minDigits = minDigits;
  }

  /** The readings of the window's text between {@code from} and {@code to}. */
  List<Reading> read(String text, int from, int to) {
    List<Reading> readings = new ArrayList<>();
    int budget = INSIDE_BUDGET;
    for (PhoneChains.Chain chain : PhoneChains.longest(text, from, to)) {
      if (chain.allDigits() < minDigits) continue;
      Reading international = international(chain);
      if (international != null) readings.add(international);
      if (international != null && (international.valid() || chain.plus())) continue;
      List<Hint> refused = new ArrayList<>(hints.size());
      Reading whole = national(chain, hints, refused);
      if (whole != null) readings.add(whole);
      if (refused.isEmpty() || (whole != null && whole.valid())) continue;
      budget = readInside(text, chain, to, refused, readings, budget);
    }
    return readings;
  }

  /**
   * As the matcher does under a hint that cannot read a whole chain: the chains of groups inside it, left to right,
   * from each group the longest that can hold a number first; past a valid reading the walk goes on after it. At most
   * {@code budget} parts are read (what is left is returned), so that a kilobyte of digit groups ("1 1 1 1 …") costs
   * a bounded amount of work rather than every one of its thousands of parts.
   */
  private int readInside(String text, PhoneChains.Chain chain, int to, List<Hint> refused, List<Reading> readings,
      int budget) {
    List<int[]> groups = PhoneChains.groups(text, chain);
    int count = groups.size();
    int first = 0;
    while (first < count && budget > 0) {
      int last = first;
      int digits = length(groups, first);
      while (last + 1 < count && digits + length(groups, last + 1) <= MAX_NATIONAL_DIGITS + 4) {
        digits += length(groups, ++last);
      }
      if (first == 0 && last == count - 1) last--; // not the whole chain again
      int next = first + 1;
      for (int end = last; end >= first && budget > 0; end--) {
        PhoneChains.Chain part = PhoneChains.part(text, groups, first, end, to);
        if (part.allDigits() < minDigits) break;
        budget--;
        Reading inner = national(part, refused, new ArrayList<>());
        if (inner == null) continue;
        readings.add(inner);
        if (inner.valid()) next = end + 1;
        break;
      }
      first = next;
    }
    return budget;
  }

  private static int length(List<int[]> groups, int index) {
    return groups.get(index)[1] - groups.get(index)[0];
  }

  /**
   * A chain written with {@code +}, or starting with an international prefix ({@code 00}, {@code 011},
   * {@code 0011}, {@code 010}), read with the country code that follows: the first one to three digits that are one
   * (country codes are prefix-free), then the rest as that country's number, with or without its national prefix
   * ({@code +41 (0)96 …}). Null when there is no such reading.
   */
  private static Reading international(PhoneChains.Chain chain) {
    String digits = chain.digits();
    if (chain.plus()) return international(chain, digits);
    Reading best = null;
    for (String prefix : INTERNATIONAL_PREFIXES) {
      if (!digits.startsWith(prefix)) continue;
      Reading reading = international(chain, digits.substring(prefix.length()));
      if (reading != null && (best == null || reading.valid())) best = reading;
      if (best != null && best.valid()) break;
    }
    return best;
  }

  private static Reading international(PhoneChains.Chain chain, String number) {
    for (int length = 1; length <= 3 && length < number.length(); length++) {
      int code = Integer.parseInt(number, 0, length, 10);
      String region = UTIL.getRegionCodeForCountryCode(code);
      if (UNKNOWN_REGION.equals(region)) continue;
      String national = number.substring(length);
      int verdict = verdict(national, 0, code, null);
      String prefix = UTIL.getNddPrefixForRegion(region, true);
      if (verdict < 2 && prefix != null && !prefix.isEmpty() && national.startsWith(prefix)) {
        verdict = Math.max(verdict, verdict(national, prefix.length(), code, null));
      }
      return verdict == 0 ? null : new Reading(chain.start(), chain.end(), verdict == 2, true);
    }
    return null;
  }

  /**
   * The chain's best national reading over {@code over}, hint by hint until one reads it as valid, or null when
   * none reads it even as possible; the hints that do not read it at all go into {@code refused}.
   */
  private static Reading national(PhoneChains.Chain chain, List<Hint> over, List<Hint> refused) {
    if (chain.digits().length() > MAX_NATIONAL_DIGITS + 4) {
      refused.addAll(over);
      return null;
    }
    boolean possible = false;
    for (Hint hint : over) {
      int verdict = national(chain.digits(), hint);
      if (verdict == 2) return new Reading(chain.start(), chain.end(), true, false);
      if (verdict == 1) {
        possible = true;
      } else {
        refused.add(hint);
      }
    }
    return possible ? new Reading(chain.start(), chain.end(), false, false) : null;
  }

  /** 2 when the digits are a valid national number under the hint, 1 when only a possible one, else 0. */
  private static int national(String digits, Hint hint) {
    int verdict = verdict(digits, 0, hint.countryCode(), hint);
    if (verdict == 2) return 2;
    if (hint.nationalPrefix() != null && digits.startsWith(hint.nationalPrefix())) {
      verdict = Math.max(verdict, verdict(digits, hint.nationalPrefix().length(), hint.countryCode(), hint));
      if (verdict == 2) return 2;
    }
    if (digits.startsWith(hint.countryDigits())
        && verdict(digits, hint.countryDigits().length(), hint.countryCode(), hint) == 2) {
      return 2;
    }
    return verdict;
  }

  /**
   * 2 when the digits from {@code from} are a valid number of the country code, 1 when only a possible one, else 0.
   * Validity is asked of the hint's region first, if there is one: one pattern test, where {@code isValidNumber} first
   * works out which of the country code's regions the number belongs to (25 for +1), needed only when the code is
   * shared.
   */
  private static int verdict(String digits, int from, int countryCode, Hint hint) {
    int length = digits.length() - from;
    if (length < MIN_NATIONAL_DIGITS || length > MAX_NATIONAL_DIGITS) return 0;
    PhoneNumber number = number(digits, from, countryCode);
    if (!UTIL.isPossibleNumber(number)) return 0;
    if (hint == null) return UTIL.isValidNumber(number) ? 2 : 1;
    if (UTIL.isValidNumberForRegion(number, hint.region())) return 2;
    return hint.shared() && UTIL.isValidNumber(number) ? 2 : 1;
  }

  private static PhoneNumber number(String digits, int from, int countryCode) {
    int zeros = 0;
    while (from + zeros < digits.length() - 1 && digits.charAt(from + zeros) == '0') zeros++;
    PhoneNumber number = new PhoneNumber().setCountryCode(countryCode)
        .setNationalNumber(Long.parseLong(digits, from, digits.length(), 10));
    if (zeros > 0) number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
    return number;
  }
}
