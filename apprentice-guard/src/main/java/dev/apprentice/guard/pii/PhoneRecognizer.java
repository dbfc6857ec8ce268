package dev.apprentice.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.apprentice.guard.Finding;
import dev.apprentice.guard.Overlaps;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers, read at the default {@code POSSIBLE} leniency by {@link PhoneReader} (each chain of digit groups
 * once, tested under every region hint with libphonenumber's metadata), and at stricter leniencies by
 * libphonenumber's matcher, once per region hint, since those check how the digits are grouped (after each hint the
 * next reads only the digits no valid number, nor one written with {@code +}, covers yet). A number valid for its
 * region scores higher than one that only has a possible length, and a number written with its country code higher
 * than one without; of the readings that overlap, the best scored (then the longest) is kept; a reading that
 * overlaps a date, a time or a UUID is dropped. Digits already inside a validated finding of another recognizer (a
 * card, an IBAN, an IP address) or of a date, time or UUID are not read again, nor are windows whose context words
 * rule a national number out.
 */
final class PhoneRecognizer implements Recognizer {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MIN_DIGITS = 7;
  private static final double VALID = 0.6;
  private static final double POSSIBLE = 0.35;
  private static final int SHAPE_REACH = 36;
  private static final Pattern NOT_A_PHONE = Pattern.compile("\\b(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{2,4}"
      + "|\\d{1,2}:\\d{2}(?::\\d{2})?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\b");

  private final List<String> regions;
  private final Leniency leniency;
  private final ContextScorer context;
  private final double minScore;
  private final PhoneReader reader;

  /** With {@code context}, windows whose words would push even a valid number below {@code minScore} are skipped. */
  PhoneRecognizer(List<String> regions, Leniency leniency, ContextScorer context, double minScore) {
    this.regions = List.copyOf(regions);
    this.leniency = leniency;
    this.context = context;
    this.minScore = minScore;
    this.reader = leniency == Leniency.POSSIBLE ? new PhoneReader(regions, MIN_DIGITS) : null;
  }

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    if (!PhoneCandidates.anyRun(text, MIN_DIGITS)) return;
    List<PhoneCandidates.Window> windows = PhoneCandidates.windows(text, MIN_DIGITS);
    BitSet notPhones = spans(notPhones(text, windows));
    BitSet strong = spans(out.stream().filter(earlier -> earlier.score() >= VALID).toList());
    strong.or(notPhones);
    List<Finding> found = new ArrayList<>();
    for (PhoneCandidates.Window window : windows) {
      if (digitsCovered(text, window, strong) || ruledOutByContext(text, window)) continue;
      if (reader != null) {
        for (PhoneReader.Reading reading : reader.read(text, window.start(), window.end())) {
          if (overlaps(notPhones, reading.start(), reading.end())) continue;
          found.add(new Finding("PHONE_NUMBER", reading.start(), reading.end(),
              score(reading.valid(), reading.international()), text.substring(reading.start(), reading.end())));
        }
        continue;
      }
      List<PhoneCandidates.Window> unread = List.of(window);
      List<Finding> settled = new ArrayList<>();
      for (String region : regions) {
        for (PhoneCandidates.Window part : unread) read(text, part, region, notPhones, found, settled);
        if (settled.isEmpty()) continue;
        unread = PhoneCandidates.unread(text, unread, MIN_DIGITS, i -> inside(i, settled));
        if (unread.isEmpty()) break;
      }
    }
    found.sort(Comparator.comparingDouble(Finding::score).reversed()
        .thenComparing(Comparator.comparingInt(Finding::length).reversed()));
    out.addAll(Overlaps.firstClear(found));
  }

  /** The characters the findings cover. */
  private static BitSet spans(List<Finding> findings) {
    BitSet covered = new BitSet();
    for (Finding finding : findings) covered.set(finding.start(), finding.end());
    return covered;
  }

  private static boolean overlaps(BitSet covered, int start, int end) {
    int next = covered.nextSetBit(start);
    return next >= 0 && next < end;
  }

  /**
   * Dates, times and UUIDs near the windows (a shape that could overlap a reading lies within a UUID's length of
   * its window); searching only there keeps the regex off the rest of the prompt.
   */
  private static List<Finding> notPhones(String text, List<PhoneCandidates.Window> windows) {
    List<Finding> shapes = new ArrayList<>();
    Matcher matcher = NOT_A_PHONE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    int next = 0;
    for (PhoneCandidates.Window window : windows) {
      int to = Math.min(text.length(), window.end() + SHAPE_REACH);
      for (int i = Math.max(next, window.start() - SHAPE_REACH); i < to; i++) {
        if (!shapeMayStart(text, i)) continue;
        matcher.region(i, to);
        if (!matcher.lookingAt()) continue;
        shapes.add(new Finding("DATE_TIME", matcher.start(), matcher.end(), 1, matcher.group()));
        i = matcher.end() - 1;
      }
      next = Math.max(next, to);
    }
    return shapes;
  }

  /**
   * Every shape starts a word with one to eight digits or hex letters followed by {@code -}, {@code /} or {@code :}
   * (a superset of where the pattern can match: its leading {@code \b}, then a date's, time's or UUID's first part).
   */
  private static boolean shapeMayStart(String text, int index) {
    char before = Anchored.before(text, index);
    if (Anchored.isAsciiAlnum(before) || before == '_') return false;
    int end = index;
    while (end < text.length() && end - index <= 8 && isHex(text.charAt(end))) end++;
    if (end == index || end - index > 8 || end == text.length()) return false;
    char next = text.charAt(end);
    return next == '-' || next == '/' || next == ':';
  }

  private static boolean isHex(char c) {
    return Anchored.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * The matcher's readings of one window for one region hint, into {@code found}; those no later hint would read
   * differently (valid numbers, and numbers written with {@code +}, which need no hint) also into {@code settled}.
   */
  private void read(String text, PhoneCandidates.Window window, String region, BitSet notPhones,
      List<Finding> found, List<Finding> settled) {
    String part = text.substring(window.start(), window.end());
    for (PhoneNumberMatch match : UTIL.findNumbers(part, region, leniency, Long.MAX_VALUE)) {
      if (digits(match.rawString()) < MIN_DIGITS) continue;
      int start = window.start() + match.start();
      int end = window.start() + match.end();
      Finding phone = new Finding("PHONE_NUMBER", start, end, score(match, region), match.rawString());
      if (overlaps(notPhones, start, end)) continue;
      found.add(phone);
      if (phone.score() >= VALID || phone.text().startsWith("+")) settled.add(phone);
    }
  }

  private static boolean inside(int index, List<Finding> findings) {
    for (Finding finding : findings) {
      if (finding.start() <= index && index < finding.end()) return true;
    }
    return false;
  }

  /**
   * True when, for every digit run of the window, the words around it (house-number words, "licence", …) would
   * drop even a valid national number below the minimum score; only numbers written with {@code +} can survive
   * that, so runs with a {@code +} are always read.
   */
  private boolean ruledOutByContext(String text, PhoneCandidates.Window window) {
    if (context == null) return false;
    for (PhoneCandidates.Run run : window.runs()) {
      if (plusBefore(text, run, Math.max(window.start(), run.start() - 3))) return false;
      Finding probe = new Finding("PHONE_NUMBER", run.start(), run.end(), VALID, text.substring(run.start(), run.end()));
      if (context.score(text, probe).score() >= minScore) return false;
    }
    return true;
  }

  /** A {@code +} from {@code from} to the end of the run (searched no further back, whatever the text's length). */
  private static boolean plusBefore(String text, PhoneCandidates.Run run, int from) {
    for (int i = Math.min(run.end(), text.length() - 1); i >= from; i--) {
      if (text.charAt(i) == '+') return true;
    }
    return false;
  }

  /** True when every digit of the window lies inside {@code covered}. */
  private static boolean digitsCovered(String text, PhoneCandidates.Window window, BitSet covered) {
    if (covered.isEmpty()) return false;
    for (int i = window.start(); i < window.end(); i++) {
      if (Anchored.isDigit(text.charAt(i)) && !covered.get(i)) return false;
    }
    return true;
  }


  /**
   * Valid numbers score higher. Validity is asked of the hint region first: that is one pattern test, where
   * {@code isValidNumber} first works out which of the country code's regions the number belongs to (25 for +1).
   */
  private static double score(PhoneNumberMatch match, String region) {
    String raw = match.rawString();
    boolean international = international(raw);
    boolean valid = UTIL.isValidNumberForRegion(match.number(), region) || UTIL.isValidNumber(match.number());
    return score(valid, international);
  }

  private static double score(boolean valid, boolean international) {
    if (valid) return international ? 0.7 : VALID;
    return international ? 0.45 : POSSIBLE;
  }

  private static boolean international(String raw) {
    return raw.startsWith("+") || raw.startsWith("00") || raw.startsWith("011");
  }

  private static int digits(String raw) {
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) >= '0' && raw.charAt(i) <= '9') n++;
    }
    return n;
  }
}
