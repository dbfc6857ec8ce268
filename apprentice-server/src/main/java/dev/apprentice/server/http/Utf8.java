package dev.apprentice.server.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 as RFC 3629 defines it: no overlong forms ({@code C0 AF} for {@code /}), no surrogates
 * ({@code ED A0 80}), nothing above U+10FFFF ({@code F4 90 80 80}), no stray or missing continuation bytes. One pass
 * over the bytes that allocates nothing; runs of ASCII are checked eight bytes at a time.
 */
final class Utf8 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** The offset of the first byte of the first ill-formed sequence in {@code bytes}, or -1 when all is well formed. */
  static int firstInvalid(byte[] bytes) {
    int n = bytes.length;
    int i = 0;
    while (i < n) {
      while (i + Long.BYTES <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) i += Long.BYTES;
      if (i >= n) return -1;
      int lead = bytes[i] & 0xFF;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int more;
      int low = 0x80; // the range the second byte must fall in (RFC 3629 §4)
      int high = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        more = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        more = 2;
        if (lead == 0xE0) low = 0xA0; // below: overlong
        if (lead == 0xED) high = 0x9F; // above: a surrogate, U+D800..U+DFFF
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        more = 3;
        if (lead == 0xF0) low = 0x90; // below: overlong
        if (lead == 0xF4) high = 0x8F; // above: beyond U+10FFFF
      } else {
        return i; // a continuation byte without a lead, C0/C1 (always overlong) or F5..FF (never used)
      }
      if (i + more >= n) return i;
      int second = bytes[i + 1] & 0xFF;
      if (second < low || second > high) return i;
      for (int k = 2; k <= more; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) return i;
      }
      i += more + 1;
    }
    return -1;
  }
}
