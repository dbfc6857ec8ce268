package dev.apprentice.guard.pii;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Bitcoin's Base58Check: base-58 text whose last four bytes are the start of a double SHA-256 of the rest. */
public final class Base58Check {

  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEX = new int[128];

  static {
    Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length(); i++) INDEX[ALPHABET.charAt(i)] = i;
  }

  private Base58Check() {}

  /** True for a mainnet P2PKH (version 0) or P2SH (version 5) address with a correct checksum. */
  public static boolean validBitcoinAddress(String text) {
    byte[] bytes = decode(text);
    if (bytes == null || bytes.length != 25 || (bytes[0] != 0 && bytes[0] != 5)) return false;
    byte[] hash = sha256(sha256(Arrays.copyOf(bytes, 21)));
    for (int i = 0; i < 4; i++) {
      if (hash[i] != bytes[21 + i]) return false;
    }
    return true;
  }

  /** The bytes a base-58 text encodes (leading '1's are zero bytes), or null when a character is not base 58. */
  static byte[] decode(String text) {
    byte[] number = new byte[text.length()];
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? INDEX[c] : -1;
      if (digit < 0) return null;
      int carry = digit;
      for (int k = 0; k < length; k++) {
        carry += (number[k] & 0xff) * 58;
        number[k] = (byte) carry;
        carry >>>= 8;
      }
      while (carry > 0) {
        number[length++] = (byte) carry;
        carry >>>= 8;
      }
    }
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') zeros++;
    byte[] bytes = new byte[zeros + length];
    for (int k = 0; k < length; k++) bytes[bytes.length - 1 - k] = number[k];
    return bytes;
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
