package dev.apprentice.guard.pii;

/** Bech32 (BIP 173) and Bech32m (BIP 350) checksums, and segwit addresses built on them. */
public final class Bech32 {

  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final int BECH32 = 1;
  private static final int BECH32M = 0x2bc830a3;

  private Bech32() {}

  /** Which checksum a bech32 string carries: 1 for bech32, 2 for bech32m, 0 for none (or a malformed string). */
  public static int checksumKind(String text) {
    if (text.length() < 8 || text.length() > 90) return 0;
    boolean lower = !text.equals(text.toUpperCase(java.util.Locale.ROOT));
    boolean upper = !text.equals(text.toLowerCase(java.util.Locale.ROOT));
    if (lower && upper) return 0;
    String s = text.toLowerCase(java.util.Locale.ROOT);
    int separator = s.lastIndexOf('1');
    if (separator < 1 || separator + 7 > s.length()) return 0;
    int checksum = 1;
    for (int i = 0; i < separator; i++) {
      char c = s.charAt(i);
      if (c < 33 || c > 126) return 0;
      checksum = step(checksum, c >> 5);
    }
    checksum = step(checksum, 0);
    for (int i = 0; i < separator; i++) checksum = step(checksum, s.charAt(i) & 31);
    for (int i = separator + 1; i < s.length(); i++) {
      int value = CHARSET.indexOf(s.charAt(i));
      if (value < 0) return 0;
      checksum = step(checksum, value);
    }
    return checksum == BECH32 ? 1 : checksum == BECH32M ? 2 : 0;
  }

  /**
   * True for a mainnet segwit address ({@code bc1…}): witness version 0 with bech32 and a 20- or 32-byte program,
   * or version 1–16 with bech32m and a 2–40-byte program.
   */
  public static boolean validBitcoinAddress(String text) {
    String s = text.toLowerCase(java.util.Locale.ROOT);
    if (!s.startsWith("bc1") || s.length() < 14) return false;
    int kind = checksumKind(text);
    if (kind == 0) return false;
    int version = CHARSET.indexOf(s.charAt(3));
    int dataChars = s.length() - 4 - 6;
    int programBytes = dataChars * 5 / 8;
    if (version == 0) return kind == 1 && (programBytes == 20 || programBytes == 32);
    return version <= 16 && kind == 2 && programBytes >= 2 && programBytes <= 40;
  }

  private static int step(int checksum, int value) {
    int top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) checksum ^= GENERATOR[i];
    }
    return checksum;
  }
}
