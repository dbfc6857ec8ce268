package dev.apprentice.guard;

/**
 * Where a scanned text came from. Scanners of personal data read every origin; the injection detector reads only
 * what could carry someone else's instructions: the user's turns, tool results, retrieved chunks and attached files.
 */
public enum Origin {
  /** The user's turns: the caller's own words. */
  PROMPT,
  /** System and developer messages: the operator's instructions, trusted (and full of "never reveal …"). */
  INSTRUCTIONS,
  /** The assistant's earlier turns and its tool-call arguments: the model's own output, sent back as history. */
  MODEL_OUTPUT,
  /** A tool's result ({@code role: tool}): written by whatever the tool read. */
  TOOL_RESULT,
  /** Chunks retrieved from a collection for a RAG model. */
  RETRIEVED,
  /**
   * The text of a file attached to a message (a {@code file} part): a document the caller passes on — a CV, an
   * invoice, a saved page —, not words they wrote, so an instruction in it is someone else's, as in a tool result.
   */
  ATTACHMENT,
  /** The request's {@code user} and {@code metadata}: about the call, never read by the model as instructions. */
  METADATA;

  /** True for content neither the caller nor the model wrote: tool results, retrieved chunks and attached files. */
  public boolean external() {
    return this == TOOL_RESULT || this == RETRIEVED || this == ATTACHMENT;
  }

  /** The origin of a message's texts by its role. */
  public static Origin ofRole(String role) {
    if (role == null) return PROMPT;
    return switch (role) {
      case "tool", "function" -> TOOL_RESULT;
      case "system", "developer" -> INSTRUCTIONS;
      case "assistant" -> MODEL_OUTPUT;
      default -> PROMPT;
    };
  }
}
