package dev.apprentice.gateway.rag;

import dev.apprentice.api.Message;
import java.util.List;

/**
 * What a {@code rag:} model searches its collection with: the text of the conversation's last user message, its text
 * parts joined when it has parts (an image's text beside it, say). The last message need not be the user's: in an agent
 * loop it is a tool result, and the answer that follows still needs the context of the question that started it.
 */
final class RetrievalQuery {

  private RetrievalQuery() {}

  /** The last user message's text, stripped; empty when there is no user message or it holds no text. */
  static String of(List<Message> messages) {
    if (messages == null) return "";
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if ("user".equals(m.role())) return m.text().strip();
    }
    return "";
  }
}
