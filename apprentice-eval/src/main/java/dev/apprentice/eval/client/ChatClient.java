package dev.apprentice.eval.client;

import dev.apprentice.api.ChatRequest;
import java.util.List;

/**
 * Sends one chat request through the gateway, so that it is traced and costed, and reports what came back. The
 * evaluation runner and the LLM judge use the same client. Implementations are thread-safe.
 */
public interface ChatClient {

  /**
   * Sends a non-streamed request.
   *
   * @param tags the trace tags of the call ({@code x-apprentice-tags}), e.g. {@code eval, <run id>, <variant>}
   * @throws ChatFailure when the gateway answered with an error or could not be reached
   */
  Completion complete(ChatRequest request, List<String> tags);
}
