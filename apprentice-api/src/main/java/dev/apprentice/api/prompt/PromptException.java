package dev.apprentice.api.prompt;

/**
 * A prompt that cannot be stored or rendered as asked: a malformed placeholder, a missing or unknown variable. The
 * {@link #param()} names the field at fault ({@code variables.customer}, {@code messages[0].content}).
 */
public final class PromptException extends IllegalArgumentException {

  private final String param;

  public PromptException(String param, String message) {
    super(message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
