package dev.apprentice.gateway.accounting;

import java.util.Arrays;
import java.util.List;

/** The caller's {@code x-apprentice-tags} header as the trace keeps it: trimmed, non-empty, each tag once. */
public final class TraceTags {

  /** The header's name, lower-case as the gateway's call headers are kept. */
  public static final String HEADER = "x-apprentice-tags";

  private TraceTags() {}

  /** The tags of a header value, in order; none for null or blank. */
  public static List<String> of(String header) {
    if (header == null || header.isBlank()) return List.of();
    return Arrays.stream(header.split(",")).map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
  }
}
