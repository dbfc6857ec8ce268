package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crypto wallet addresses: Bitcoin Base58Check (P2PKH, P2SH) and bech32/bech32m segwit addresses, both with their
 * checksums verified, and Ethereum {@code 0x} + 40 hex digits (no checksum to verify without Keccak, so lower).
 */
final class CryptoRecognizer implements Recognizer {

  private static final Anchored.FirstChars BASE58_FIRST = Anchored.FirstChars.of("13");
  private static final Pattern BASE58 = Pattern.compile("[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])");
  private static final Pattern BECH32 = Pattern.compile("(?i)(?<![A-Za-z0-9])bc1[02-9ac-hj-np-z]{11,87}(?![A-Za-z0-9])");
  private static final Pattern ETHEREUM = Pattern.compile("(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])");

  @Override
  public void recognise(ScanText scan, List<Finding> out) {
    String text = scan.text();
    Anchored.each(scan, BASE58_FIRST, BASE58, CryptoRecognizer::base58StartsHere, base58 -> {
      if (Base58Check.validBitcoinAddress(base58.group())) add(out, base58, 0.9);
      return base58.end();
    });
    atEach(text, "bc1", BECH32, bech32 -> {
      if (Bech32.validBitcoinAddress(bech32.group())) add(out, bech32, 0.9);
    });
    atEach(text, "0x", ETHEREUM, ethereum -> add(out, ethereum, 0.5));
  }

  /**
   * Runs {@code pattern} anchored at each occurrence of {@code prefix} in lower or upper case, not at every position
   * of the text: a prompt that mentions "0x10" once is not searched from end to end with a lookbehind.
   */
  private static void atEach(String text, String prefix, Pattern pattern, Consumer<Matcher> hit) {
    String lower = prefix.toLowerCase(Locale.ROOT);
    String upper = prefix.toUpperCase(Locale.ROOT);
    Matcher matcher = null;
    // the next occurrence of each spelling, searched again only once passed (so one search when a spelling is absent)
    int nextLower = text.indexOf(lower);
    int nextUpper = text.indexOf(upper);
    int from = 0;
    while (true) {
      if (nextLower >= 0 && nextLower < from) nextLower = text.indexOf(lower, from);
      if (nextUpper >= 0 && nextUpper < from) nextUpper = text.indexOf(upper, from);
      int at = nextLower < 0 ? nextUpper : nextUpper < 0 ? nextLower : Math.min(nextLower, nextUpper);
      if (at < 0) return;
      if (matcher == null) matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
      matcher.region(at, text.length());
      from = at + 1;
      if (!matcher.lookingAt()) continue;
      hit.accept(matcher);
      from = Math.max(from, matcher.end());
    }
  }

  private static boolean base58StartsHere(String text, int i) {
    char c = text.charAt(i);
    return (c == '1' || c == '3') && i + 26 <= text.length() && !Anchored.isAsciiAlnum(Anchored.before(text, i))
        && Anchored.isAsciiAlnum(text.charAt(i + 25));
  }

  private static void add(List<Finding> out, Matcher matcher, double score) {
    out.add(new Finding("CRYPTO", matcher.start(), matcher.end(), score, matcher.group()));
  }
}
