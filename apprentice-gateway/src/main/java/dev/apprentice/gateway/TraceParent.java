package dev.apprentice.gateway;

import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} header (version-traceid-parentid-flags, lower-case hex). A gateway must
 * never refuse a call for a bad one: an invalid or all-zero header is ignored, and the call's span starts a trace of
 * its own. Versions other than {@code 00} are read by their first four fields, as the specification asks; {@code ff}
 * is invalid.
 */
public final class TraceParent {

  /** The header's name, lower-case as the gateway's call headers are kept. */
  public static final String HEADER = "traceparent";

  private static final Pattern SHAPE = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);

  private TraceParent() {}

  /** The header's first four fields when it is a valid {@code traceparent}; null otherwise (null in, null out). */
  public static String valid(String header) {
    if (header == null || header.length() > 512) return null;
    var m = SHAPE.matcher(header.strip());
    if (!m.matches()) return null;
    String version = m.group(1);
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) return null;
    if (m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_SPAN)) return null;
    return version + "-" + m.group(2) + "-" + m.group(3) + "-" + m.group(4);
  }
}
