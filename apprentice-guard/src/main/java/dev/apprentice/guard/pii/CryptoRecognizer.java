package dev.apprentice.guard.pii;

import dev.apprentice.guard.Finding;
import java.util.List;
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
  public void recognise(String text, List<Finding> out) {
    Anchored.each(text, BASE58_FIRST, BASE58, CryptoRecognizer::base58StartsHere, base58 -> {
      if (Base58Check.validBitcoinAddress(base58.group())) add(out, base58, 0.9);
      return base58.end();
    });
    if (text.indexOf("bc1") >= 0 || text.indexOf("BC1") >= 0) {
      Matcher bech32 = BECH32.matcher(text);
      while (bech32.find()) {
        if (Bech32.validBitcoinAddress(bech32.group())) add(out, bech32, 0.9);
      }
    }
    if (text.indexOf("0x") >= 0) {
      Matcher ethereum = ETHEREUM.matcher(text);
      while (ethereum.find()) add(out, ethereum, 0.5);
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
