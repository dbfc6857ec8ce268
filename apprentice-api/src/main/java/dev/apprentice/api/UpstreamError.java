package dev.apprentice.api;

/**
 * What an upstream's error body said of a request it refused, in OpenAI's terms, so that a 400 reaches the client as
 * the upstream gave it: {@code context_length_exceeded} is a code clients act on, and {@code param} names the field.
 *
 * @param message the upstream's own message (its provider's credentials hidden), never null
 * @param param   the field the upstream blamed, or null
 * @param code    the upstream's code when it gave one as a string, or null
 */
public record UpstreamError(String message, String param, String code) {

  public UpstreamError {
    if (message == null) throw new IllegalArgumentException("an upstream error has a message");
  }
}
