package dev.apprentice.guard;

/** Where a scanned text came from: what the caller wrote, or content the model is handed to read. */
public enum Origin {
  /** System, user and assistant messages: the caller's own words. */
  PROMPT,
  /** A tool's result ({@code role: tool}): written by whatever the tool read. */
  TOOL_RESULT,
  /** Chunks retrieved from a collection for a RAG model. */
  RETRIEVED;

  /** True for content the caller did not write itself. */
  public boolean external() {
    return this != PROMPT;
  }

  /** The origin of a message's texts by its role. */
  public static Origin ofRole(String role) {
    return "tool".equals(role) || "function".equals(role) ? TOOL_RESULT : PROMPT;
  }
}
