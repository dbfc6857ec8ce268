package dev.apprentice.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.EmbeddingRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.ProviderJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies in OpenAI's wire format. The gateway's request types already are that format, so a chat body is the
 * request itself (unknown fields included) with only the streaming flags set for the call at hand.
 */
final class OpenAiRequests {

  private static final ObjectWriter CHAT = ProviderJson.MAPPER.writerFor(ChatRequest.class);
  private static final ObjectWriter EMBEDDINGS = ProviderJson.MAPPER.writerFor(EmbeddingRequest.class);
  /** Anthropic's thinking as content parts of an assistant message, which Anthropic alone reads. */
  private static final List<String> THINKING_PARTS = List.of("thinking", "redacted_thinking");

  private OpenAiRequests() {}

  /**
   * The body of a non-streamed completion: the request without {@code stream} and {@code stream_options}, limited to
   * {@code outputTokenCap} output tokens when it sets no limit itself ({@link #capped}).
   */
  static byte[] chatBody(ChatRequest request, Integer outputTokenCap, OutputLimitField field,
      ReasoningHistory history) throws ProviderException {
    return write(CHAT, withStreaming(capped(withoutThinking(request, history), outputTokenCap, field), null, null));
  }

  /**
   * The body of a streamed completion: {@code stream: true} and {@code stream_options.include_usage: true} (the
   * client's other stream options kept), or with {@link StreamUsage#OMIT} no {@code include_usage} at all, limited like
   * {@link #chatBody}.
   *
   * @param usage {@link StreamUsage#ASK} or {@link StreamUsage#OMIT} (anything else asks)
   */
  static byte[] streamBody(ChatRequest request, Integer outputTokenCap, OutputLimitField field,
      ReasoningHistory history, StreamUsage usage) throws ProviderException {
    ChatRequest sent = capped(withoutThinking(request, history), outputTokenCap, field);
    return write(CHAT, withStreaming(sent, Boolean.TRUE, streamOptions(request.streamOptions(), usage)));
  }

  /** The client's stream options asking for usage, or, with {@link StreamUsage#OMIT}, not (null when none is left). */
  private static ChatRequest.StreamOptions streamOptions(ChatRequest.StreamOptions client, StreamUsage usage) {
    if (usage != StreamUsage.OMIT) return client == null ? new ChatRequest.StreamOptions(true) : client.withUsage();
    if (client == null || client.extra().isEmpty()) return null;
    return client.includeUsage() == null ? client : new ChatRequest.StreamOptions(null, client.extra());
  }

  /**
   * The request without the thinking an assistant turn carries back that OpenAI-type servers refuse in messages:
   * {@code thinking_blocks} and thinking content parts (Anthropic's, whose answers they came from) always, and
   * {@code reasoning_content} except, with {@link ReasoningHistory#TOOL_TURNS}, on a turn that called tools: DeepSeek's
   * thinking mode wants it back there (400 without it), while other servers refuse the field (400, which allows no
   * fallback). A null {@code reasoning_content} (echoed from an answer that had none) never goes. So a conversation
   * that falls back from an Anthropic target, or moves to another model, goes on.
   *
   * @param history {@link ReasoningHistory#DROP} or {@link ReasoningHistory#TOOL_TURNS} (anything else drops)
   */
  static ChatRequest withoutThinking(ChatRequest request, ReasoningHistory history) {
    List<Message> messages = request.messages();
    if (messages == null) return request;
    boolean any = false;
    for (Message m : messages) any |= carriesThinking(m, history); // a plain loop: this runs on every call
    if (!any) return request;
    return request.withMessages(
        messages.stream().map(m -> carriesThinking(m, history) ? withoutThinking(m, history) : m).toList());
  }

  private static boolean carriesThinking(Message m, ReasoningHistory history) {
    if (m.content() != null && !m.content().isText()) {
      for (ContentPart part : m.content().parts()) {
        if (THINKING_PARTS.contains(part.type())) return true;
      }
    }
    if (m.extra().isEmpty()) return false;
    return m.extra().containsKey(Message.THINKING_BLOCKS)
        || m.extra().containsKey(Message.REASONING_CONTENT) && !keepsReasoning(m, history);
  }

  private static boolean keepsReasoning(Message m, ReasoningHistory history) {
    return history == ReasoningHistory.TOOL_TURNS && callsTools(m) && m.extra().get(Message.REASONING_CONTENT) != null;
  }

  private static boolean callsTools(Message m) {
    return m.toolCalls() != null && !m.toolCalls().isEmpty();
  }

  private static Message withoutThinking(Message m, ReasoningHistory history) {
    Map<String, Object> extra = new LinkedHashMap<>(m.extra());
    extra.remove(Message.THINKING_BLOCKS);
    if (!keepsReasoning(m, history)) extra.remove(Message.REASONING_CONTENT);
    Content content = m.content();
    if (content != null && !content.isText()) {
      content = Content.parts(content.parts().stream().filter(p -> !THINKING_PARTS.contains(p.type())).toList());
    }
    return new Message(m.role(), content, m.name(), m.toolCalls(), m.toolCallId(), m.refusal(), extra);
  }

  /**
   * The request with the gateway's output cap as its limit when it sets none, in the field {@code field} chooses
   * (by default {@code max_completion_tokens} for OpenAI's reasoning models, which refuse {@code max_tokens}, else
   * {@code max_tokens}, which every OpenAI-compatible server reads). For a target that takes
   * {@code max_completion_tokens}, the caller's own {@code max_tokens} goes as that (the model would refuse it, 400,
   * and a 400 allows no fallback: an alias of gpt-4o and o3 could not serve it), unless the caller sent both, when
   * {@code max_completion_tokens} alone goes. With {@link OutputLimitField#MAX_TOKENS} it is the other way round: the
   * caller's limit goes as {@code max_tokens} alone (Mistral's API refuses {@code max_completion_tokens}).
   */
  static ChatRequest capped(ChatRequest request, Integer outputTokenCap, OutputLimitField field) {
    // most calls have no cap and no max_tokens: the model name is read only when one of them is there
    if (request.maxTokens() != null && field.completionTokens(request.model())) {
      request = request.toBuilder().maxCompletionTokens(request.outputTokenLimit()).maxTokens(null).build();
    } else if (request.maxCompletionTokens() != null && field == OutputLimitField.MAX_TOKENS) {
      request = request.toBuilder().maxTokens(request.outputTokenLimit()).maxCompletionTokens(null).build();
    }
    if (outputTokenCap == null || request.outputTokenLimit() != null) return request;
    return request.withOutputTokenCap(outputTokenCap, field.completionTokens(request.model()));
  }

  /** The body of an embeddings call, always asking for float vectors. */
  static byte[] embeddingsBody(EmbeddingRequest request) throws ProviderException {
    EmbeddingRequest floats = "float".equals(request.encodingFormat()) ? request : request.withEncodingFormat("float");
    return write(EMBEDDINGS, floats);
  }

  private static ChatRequest withStreaming(ChatRequest r, Boolean stream, ChatRequest.StreamOptions options) {
    if (java.util.Objects.equals(r.stream(), stream) && r.streamOptions() == options) return r;
    return r.toBuilder().stream(stream).streamOptions(options).build();
  }

  private static byte[] write(ObjectWriter writer, Object value) throws ProviderException {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new ProviderException(ProviderException.Kind.INVALID_REQUEST, 0,
          "cannot write the request as JSON: " + e.getOriginalMessage(), null, e);
    }
  }
}
