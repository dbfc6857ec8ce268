package dev.apprentice.guard.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import dev.apprentice.guard.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers found by libphonenumber's matcher, once per region hint (numbers written with {@code +} or an
 * international prefix need none). A number valid for its region scores higher than one that only has a possible
 * length, and a number written with its country code higher than one without; of the readings that overlap, the
 * best scored (then the longest) is kept; a reading that overlaps a date, a time or a UUID is dropped. Digits
 * already inside a validated finding of another recognizer (a card, an IBAN, an IP address) or of a date, time or
 * UUID are not read again, nor are windows whose context words rule a
 * national number out; after each region hint, the next one reads only the digits no valid number covers yet.
 */
final class PhoneRecognizer implements Recognizer {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MIN_DIGITS = 7;
  private static final double VALID = 0.6;
  private static final Pattern NOT_A_PHONE = Pattern.compile("\\b(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}/\\d{2,4}"
      + "|\\d{1,2}:\\d{2}(?::\\d{2})?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\b");

  private final List<String> regions;
  private final Leniency leniency;
  private final ContextScorer context;
  private final double minScore;

  /** With {@code context}, windows whose words would push even a valid number below {@code minScore} are skipped. */
  PhoneRecognizer(List<String> regions, Leniency leniency, ContextScorer context, double minScore) {
    this.regions = List.copyOf(regions);
    this.leniency = leniency;
    this.context = context;
    this.minScore = minScore;
  }

  @Override
  public void recognise(String text, List<Finding> out) {
    if (!PhoneCandidates.anyRun(text, MIN_DIGITS)) return;
    List<Finding> strong = new ArrayList<>();
    for (Finding earlier : out) {
      if (earlier.score() >= VALID) strong.add(earlier);
    }
    List<Finding> notPhones = new ArrayList<>();
    Matcher shapes = NOT_A_PHONE.matcher(text);
    while (shapes.find()) notPhones.add(new Finding("DATE_TIME", shapes.start(), shapes.end(), 1, shapes.group()));
    strong.addAll(notPhones);
    List<Finding> found = new ArrayList<>();
    for (PhoneCandidates.Window window : PhoneCandidates.windows(text, MIN_DIGITS)) {
      if (digitsCovered(text, window, strong) || ruledOutByContext(text, window)) continue;
      List<PhoneCandidates.Window> unread = List.of(window);
      List<Finding> valid = new ArrayList<>();
      for (String region : regions) {
        for (PhoneCandidates.Window part : unread) read(text, part, region, notPhones, found, valid);
        if (valid.isEmpty()) continue;
        unread = PhoneCandidates.unread(text, unread, MIN_DIGITS, i -> inside(i, valid));
        if (unread.isEmpty()) break;
      }
    }
    found.sort(Comparator.comparingDouble(Finding::score).reversed()
        .thenComparing(Comparator.comparingInt(Finding::length).reversed()));
    List<Finding> kept = new ArrayList<>();
    for (Finding candidate : found) {
      if (kept.stream().noneMatch(candidate::overlaps)) kept.add(candidate);
    }
    out.addAll(kept);
  }

  /** The matcher's readings of one window for one region hint, into {@code found} (and the valid ones into {@code valid}). */
  private void read(String text, PhoneCandidates.Window window, String region, List<Finding> notPhones,
      List<Finding> found, List<Finding> valid) {
    String part = text.substring(window.start(), window.end());
    for (PhoneNumberMatch match : UTIL.findNumbers(part, region, leniency, Long.MAX_VALUE)) {
      if (digits(match.rawString()) < MIN_DIGITS) continue;
      int start = window.start() + match.start();
      int end = window.start() + match.end();
      Finding phone = new Finding("PHONE_NUMBER", start, end, score(match), match.rawString());
      if (notPhones.stream().anyMatch(phone::overlaps)) continue;
      found.add(phone);
      if (phone.score() >= VALID) valid.add(phone);
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
      int plus = text.lastIndexOf('+', run.end());
      if (plus >= Math.max(window.start(), run.start() - 3)) return false;
      Finding probe = new Finding("PHONE_NUMBER", run.start(), run.end(), VALID, text.substring(run.start(), run.end()));
      if (context.score(text, probe).score() >= minScore) return false;
    }
    return true;
  }

  /** True when every digit of the window lies inside one of the findings. */
  private static boolean digitsCovered(String text, PhoneCandidates.Window window, List<Finding> findings) {
    if (findings.isEmpty()) return false;
    for (int i = window.start(); i < window.end(); i++) {
      if (Anchored.isDigit(text.charAt(i)) && !inside(i, findings)) return false;
    }
    return true;
  }


  private static double score(PhoneNumberMatch match) {
    String raw = match.rawString();
    boolean international = raw.startsWith("+") || raw.startsWith("00") || raw.startsWith("011");
    if (UTIL.isValidNumber(match.number())) return international ? 0.7 : VALID;
    return international ? 0.45 : 0.35;
  }

  private static int digits(String raw) {
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) >= '0' && raw.charAt(i) <= '9') n++;
    }
    return n;
  }
}
