package dev.apprentice.guard.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber.CountryCodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads phone numbers at libphonenumber's {@code POSSIBLE} leniency in one pass over a window: each chain of digit
 * groups ({@link PhoneChains}) is found once and read under every region hint with libphonenumber's metadata
 * ({@code isPossibleNumber}, {@code isValidNumber}) on the digits directly, where the matcher would search and parse
 * the text again for each hint. A national number is read with the region's national prefix dropped or kept (and
 * with the region's country code dropped when it was written without {@code +}); numbers written with {@code +} or an
 * international prefix ({@code 00…}, {@code 011…}, {@code 010…}) are parsed by libphonenumber itself. Hints are tried in order
 * and the first valid reading settles a chain; a chain no hint reads as valid is also read group by group inside,
 * as the matcher reads a rejected candidate's inner parts.
 */
final class PhoneReader {

  /** One reading: where, whether it is a valid number (else only a possible one), whether written internationally. */
  record Reading(int start, int end, boolean valid, boolean international) {}

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MIN_NATIONAL_DIGITS = 2;
  private static final int MAX_NATIONAL_DIGITS = 17;

  /** A region hint with what reading it needs: its country code and national prefix. */
  private record Hint(String region, int countryCode, String countryDigits, String nationalPrefix) {}

  private final List<Hint> hints;
  private final int minDigits;

  PhoneReader(List<String> regions, int minDigits) {
    List<Hint> hints = new ArrayList<>();
    for (String region : regions) {
      int code = UTIL.getCountryCodeForRegion(region);
      if (code == 0) continue;
      String prefix = UTIL.getNddPrefixForRegion(region, true);
      hints.add(new Hint(region, code, Integer.toString(code), prefix == null || prefix.isEmpty() ? null : prefix));
    }
    this.hints = List.copyOf(hints);
    this.minDigits = minDigits;
  }

  /** The readings of the window's text between {@code from} and {@code to}. */
  List<Reading> read(String text, int from, int to) {
    List<Reading> readings = new ArrayList<>();
    for (PhoneChains.Chain chain : PhoneChains.longest(text, from, to)) {
      if (chain.allDigits() < minDigits) continue;
      Reading international = international(text, chain);
      if (international != null) {
        readings.add(international);
        continue;
      }
      List<Hint> refused = new ArrayList<>(hints.size());
      Reading whole = national(chain, hints, refused);
      if (whole != null) readings.add(whole);
      if (refused.isEmpty() || (whole != null && whole.valid())) continue;
      // as the matcher does under a hint that cannot read the whole chain: the groups inside it, longest first
      for (PhoneChains.Chain part : PhoneChains.inner(text, chain, to)) {
        if (part.allDigits() < minDigits) continue;
        Reading inner = national(part, refused, new ArrayList<>());
        if (inner != null) readings.add(inner);
      }
    }
    return readings;
  }

  /**
   * A chain written with {@code +}, or with an international prefix under some hint, as libphonenumber reads it.
   * International prefixes are taken to start {@code 00} (most of the world, Australia's {@code 0011} too),
   * {@code 011} (North America) or {@code 010} (Japan); other national numbers starting {@code 01} are read as such.
   */
  private Reading international(String text, PhoneChains.Chain chain) {
    if (chain.plus()) return international(text, chain, null);
    String digits = chain.digits();
    if (!digits.startsWith("00") && !digits.startsWith("011") && !digits.startsWith("010")) return null;
    Reading best = null;
    for (Hint hint : hints) {
      Reading reading = international(text, chain, hint.region());
      if (reading != null && (best == null || reading.valid())) best = reading;
      if (best != null && best.valid()) return best;
    }
    return best;
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
    int verdict = verdict(digits, 0, hint);
    if (verdict == 2) return 2;
    if (hint.nationalPrefix() != null && digits.startsWith(hint.nationalPrefix())) {
      verdict = Math.max(verdict, verdict(digits, hint.nationalPrefix().length(), hint));
      if (verdict == 2) return 2;
    }
    if (digits.startsWith(hint.countryDigits()) && verdict(digits, hint.countryDigits().length(), hint) == 2) return 2;
    return verdict;
  }

  /**
   * Validity is asked of the hint's region first: one pattern test, where {@code isValidNumber} first works out which
   * of the country code's regions the number belongs to (25 for +1).
   */
  private static int verdict(String digits, int from, Hint hint) {
    int length = digits.length() - from;
    if (length < MIN_NATIONAL_DIGITS || length > MAX_NATIONAL_DIGITS) return 0;
    PhoneNumber number = number(digits, from, hint.countryCode());
    if (!UTIL.isPossibleNumber(number)) return 0;
    return UTIL.isValidNumberForRegion(number, hint.region()) || UTIL.isValidNumber(number) ? 2 : 1;
  }

  private static PhoneNumber number(String digits, int from, int countryCode) {
    int zeros = 0;
    while (from + zeros < digits.length() - 1 && digits.charAt(from + zeros) == '0') zeros++;
    PhoneNumber number = new PhoneNumber().setCountryCode(countryCode)
        .setNationalNumber(Long.parseLong(digits, from, digits.length(), 10));
    if (zeros > 0) number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
    return number;
  }

  /** A number written with {@code +} (no hint needed) or an international prefix, parsed by libphonenumber. */
  private Reading international(String text, PhoneChains.Chain chain, String region) {
    try {
      PhoneNumber number = UTIL.parseAndKeepRawInput(text.substring(chain.start(), chain.end()),
          region == null ? "ZZ" : region);
      if (region != null && number.getCountryCodeSource() != CountryCodeSource.FROM_NUMBER_WITH_IDD) return null;
      if (!UTIL.isPossibleNumber(number)) return null;
      return new Reading(chain.start(), chain.end(), UTIL.isValidNumber(number), true);
    } catch (NumberParseException e) {
      return null;
    }
  }
}
