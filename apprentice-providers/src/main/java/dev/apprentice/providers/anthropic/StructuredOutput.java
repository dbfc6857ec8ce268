package dev.apprentice.providers.anthropic;

import java.util.Locale;

/**
 * How an Anthropic provider asks Claude for a JSON answer ({@code response_format}) and whether it passes on a
 * function's {@code strict}. {@link #TOOL} works with every Claude model and every server that speaks the Messages
 * API; {@link #NATIVE} uses Anthropic's structured outputs, which only recent models (and not every compatible
 * server) take: a request carrying them elsewhere is refused with a 400.
 */
public enum StructuredOutput {
  /**
   * {@code json_schema} and {@code json_object} become a forced tool whose input is the answer (or an instruction in
   * the system prompt where a tool cannot be forced); a function's {@code strict} is not passed on.
   */
  TOOL,
  /**
   * A {@code json_schema} with {@code strict: true} becomes {@code output_config.format} (constrained decoding of the
   * text answer), with thinking and with the caller's tools too; one not strict, and {@code json_object}, which has
   * no schema, stay as {@link #TOOL} sends them; a function's {@code strict: true} becomes the Anthropic tool's
   * {@code strict: true}. {@code strict} is what asks for constrained decoding, of an answer as of a tool's input.
   */
  NATIVE;

  /** The setting of a config value: {@code tool} or {@code native}. */
  public static StructuredOutput of(String configValue) {
    return valueOf(configValue.toUpperCase(Locale.ROOT));
  }
}
