package dev.apprentice.server.http;

import java.util.concurrent.ThreadLocalRandom;

/** Trace ids: {@code tr_} and 24 hex digits of randomness, cheap enough for every call. */
public final class TraceIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TraceIds() {}

  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[27];
    id[0] = 't';
    id[1] = 'r';
    id[2] = '_';
    long a = random.nextLong();
    long b = random.nextLong();
    for (int i = 0; i < 16; i++) id[3 + i] = HEX[(int) ((a >>> (i * 4)) & 0xF)];
    for (int i = 0; i < 8; i++) id[19 + i] = HEX[(int) ((b >>> (i * 4)) & 0xF)];
    return new String(id);
  }
}
