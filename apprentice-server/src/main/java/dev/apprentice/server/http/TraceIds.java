package dev.apprentice.server.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Trace ids: {@code tr_}, 12 hex digits of the time in milliseconds since the epoch, then 12 hex digits of
 * randomness (48 bits, so ids made in the same millisecond still differ). Ids made later sort after ids made
 * earlier, so the store appends each new trace at the end of its primary-key index instead of at a random page: with
 * random ids the SQLite writer's sustained rate fell to a third as the table grew (see {@code bench traces --ids}).
 */
public final class TraceIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int TIME_DIGITS = 12;
  private static final int RANDOM_DIGITS = 12;

  private TraceIds() {}

  public static String next() {
    return of(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
  }

  /** The id for a call that arrived at {@code epochMillis}, with the low 48 bits of {@code random}. */
  static String of(long epochMillis, long random) {
    char[] id = new char[3 + TIME_DIGITS + RANDOM_DIGITS];
    id[0] = 't';
    id[1] = 'r';
    id[2] = '_';
    hex(epochMillis, id, 3, TIME_DIGITS);
    hex(random, id, 3 + TIME_DIGITS, RANDOM_DIGITS);
    return new String(id);
  }

  /** The low {@code digits} hex digits of {@code value}, most significant first, into {@code out} at {@code at}. */
  private static void hex(long value, char[] out, int at, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
