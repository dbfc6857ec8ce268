package dev.apprentice.providers.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.EmbeddingResponse;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.Usage;
import dev.apprentice.providers.http.Bodies;
import dev.apprentice.providers.http.ErrorBodies;
import dev.apprentice.providers.http.ProviderJson;
import dev.apprentice.providers.http.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads OpenAI's answers: completions, stream chunks, embeddings, and error objects sent with a 2xx status. */
final class OpenAiResponses {

  private static final ObjectReader CHAT = ProviderJson.MAPPER.readerFor(ChatResponse.class);
  private static final ObjectReader CHUNK = ProviderJson.MAPPER.readerFor(ChatChunk.class);
  private static final ObjectReader EMBEDDINGS = ProviderJson.MAPPER.readerFor(EmbeddingsBody.class);
  /** The finish reason of a generation that failed (Mistral, OpenRouter). */
  private static final String ERROR = "error";

  private OpenAiResponses() {}

  /** @param status the answer's status (2xx), kept on a failure to read its body */
  static ChatResponse chat(InputStream body, int status, HttpHeaders headers, Upstream upstream)
      throws ProviderException {
    ChatResponse response;
    try (body) {
      response = CHAT.readValue(Bodies.readAll(body, headers));
    } catch (JsonProcessingException e) {
      throw upstream.badResponse("the completion is not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw upstream.readFailure(status, e);
    }
    if (response.choices() == null) {
      Object error = response.extra().get("error");
      if (error != null) throw failure(error, headers, upstream, "");
      throw upstream.badResponse("the completion has no choices", null);
    }
    for (ChatResponse.Choice choice : response.choices()) {
      if (ERROR.equals(choice.finishReason())) throw finishedWithError(headers, upstream, "");
    }
    return response.object() != null ? response : new ChatResponse(response.id(), "chat.completion",
        response.created(), response.model(), response.choices(), response.usage(), response.systemFingerprint(),
        response.extra());
  }

  /** One {@code data:} payload of a stream; an error object there becomes the classified failure it describes. */
  static ChatChunk chunk(byte[] data, HttpHeaders headers, Upstream upstream) throws ProviderException {
    ChatChunk chunk;
    try {
      chunk = CHUNK.readValue(data);
    } catch (JsonProcessingException e) {
      throw upstream.badResponse("a stream event is not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw upstream.badResponse("a stream event cannot be read (" + e.getMessage() + ")", e);
    }
    // an error beside choices too: OpenRouter ends a failed stream with one and a choice whose finish_reason is
    // "error", which read as a chunk would end the stream as if it had been answered
    Object error = chunk.extra().get("error");
    if (error != null) throw failure(error, headers, upstream, " mid-stream");
    if (chunk.choices() != null && chunk.object() != null) return chunk;
    return new ChatChunk(chunk.id(), chunk.object() != null ? chunk.object() : ChatChunk.OBJECT, chunk.created(),
        chunk.model(), chunk.choices() == null ? List.of() : chunk.choices(), chunk.usage(), chunk.systemFingerprint(),
        chunk.extra());
  }

  /**
   * A chunk in which a choice has a finish reason (the only chunk the servers' quirks below are on, so that the
   * others are read with nothing more than {@link #chunk}), as it means: a {@code "finish_reason": "error"} fails the
   * stream; a {@code ""} is OpenAI's {@code null} (older Ollama, SGLang and LocalAI builds send it on every unfinished
   * chunk, which read as a finish would end a stream cut short as if answered; OpenAI's SDKs refuse the value), the
   * chunk then having new choices, which its upstream's bytes no longer show; and Groq's {@code x_groq.usage} is its
   * usage when none is beside it. The chunk itself when none of these is there.
   */
  static ChatChunk finishing(ChatChunk chunk, HttpHeaders headers, Upstream upstream) throws ProviderException {
    List<ChatChunk.Choice> choices = chunk.choices();
    boolean blank = false;
    for (ChatChunk.Choice choice : choices) {
      if (ERROR.equals(choice.finishReason())) throw finishedWithError(headers, upstream, " mid-stream");
      blank |= "".equals(choice.finishReason());
    }
    Usage groq = chunk.usage() == null ? groqUsage(chunk.extra()) : null;
    if (!blank && groq == null) return chunk;
    if (blank) {
      choices = choices.stream().map(c -> !"".equals(c.finishReason()) ? c
          : new ChatChunk.Choice(c.index(), c.delta(), null, c.logprobs(), c.extra())).toList();
    }
    return new ChatChunk(chunk.id(), chunk.object(), chunk.created(), chunk.model(), choices,
        groq != null ? groq : chunk.usage(), chunk.systemFingerprint(), chunk.extra());
  }

  /**
   * The usage Groq puts in {@code x_groq.usage} of a stream's last chunk (https://github.com/vercel/ai/issues/1651),
   * where no {@code usage} is beside it; null when there is none.
   */
  private static Usage groqUsage(Map<String, Object> extra) {
    if (!(extra.get("x_groq") instanceof Map<?, ?> groq)
        || !(groq.get("usage") instanceof Map<?, ?> usage)) {
      return null;
    }
    try {
      return ProviderJson.MAPPER.convertValue(usage, Usage.class);
    } catch (IllegalArgumentException e) {
      return null; // not a usage after all: the chunk is read without one
    }
  }

  /**
   * A choice that finished with {@code "finish_reason": "error"} and no error object beside it (Mistral's API:
   * https://github.com/mistralai/client-python/issues/74): the model's generation failed, which is no answer to end
   * a stream with, nor to keep in the cache, but a server error, tried again or failed over like any other.
   */
  private static ProviderException finishedWithError(HttpHeaders headers, Upstream upstream, String where) {
    return failure(Map.of("message", "the answer ended with finish_reason \"error\"", "type", "server_error"),
        headers, upstream, where);
  }

  /** An {@code event: error} payload, whatever its shape. */
  static ProviderException errorEvent(String data, HttpHeaders headers, Upstream upstream) {
    Object error = data;
    try {
      Map<?, ?> body = ProviderJson.MAPPER.readValue(data, Map.class);
      error = body.containsKey("error") ? body.get("error") : body;
    } catch (JsonProcessingException e) {
      // not JSON: the text itself is the message
    }
    return failure(error, headers, upstream, " mid-stream");
  }

  /**
   * The vectors of an embeddings answer in input order (by each item's {@code index}); an answer without exactly one
   * vector for each of the request's {@code inputs} is a bad answer, tried again or failed over like any other, since
   * a client pairs vectors with its inputs by position.
   *
   * @param status the answer's status (2xx), kept on a failure to read its body
   */
  static EmbeddingResponse embeddings(InputStream body, int status, HttpHeaders headers, String requestedModel,
      int inputs,
      Upstream upstream) throws ProviderException {
    EmbeddingsBody parsed;
    try (body) {
      parsed = EMBEDDINGS.readValue(Bodies.readAll(body, headers));
    } catch (JsonProcessingException e) {
      throw upstream.badResponse("the embeddings answer is not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw upstream.readFailure(status, e);
    }
    if (parsed.data() == null) {
      if (parsed.error() != null) throw failure(parsed.error(), headers, upstream, "");
      throw upstream.badResponse("the embeddings answer has no data", null);
    }
    if (parsed.data().size() != inputs) {
      throw upstream.badResponse("the embeddings answer has " + parsed.data().size() + " vector"
          + (parsed.data().size() == 1 ? "" : "s") + " for " + inputs + " input" + (inputs == 1 ? "" : "s"), null);
    }
    float[][] vectors = new float[parsed.data().size()][];
    for (int i = 0; i < vectors.length; i++) {
      Item item = parsed.data().get(i);
      int index = item.index() == null ? i : item.index();
      if (index < 0 || index >= vectors.length || vectors[index] != null || item.embedding() == null) {
        throw upstream.badResponse("the embeddings answer has a missing, repeated or out-of-range index " + index, null);
      }
      vectors[index] = item.embedding();
    }
    // no usage (or none of its prompt_tokens) is not 0 tokens: the gateway counts the inputs itself then
    Integer promptTokens = parsed.usage() == null ? null : parsed.usage().promptTokens();
    return new EmbeddingResponse(parsed.model() != null ? parsed.model() : requestedModel, Arrays.asList(vectors),
        promptTokens);
  }

  /**
   * An error object sent in a body or event that the HTTP status did not flag. Its {@code code} (when numeric) or
   * {@code type} says what HTTP status it stands for, and that status decides the kind as for any other answer.
   */
  static ProviderException failure(Object error, HttpHeaders headers, Upstream upstream, String where) {
    int status = impliedStatus(error);
    String body;
    try {
      body = ProviderJson.MAPPER.writeValueAsString(Map.of("error", error));
    } catch (JsonProcessingException e) {
      body = String.valueOf(error);
    }
    String summary = upstream.hide(ErrorBodies.summarise(body));
    ProviderException classified = upstream.classify(status, headers, body);
    return ProviderException.answered(classified.kind(), status,
        upstream.providerName() + " returned an error" + where + ": " + summary, classified.retryAfter(),
        classified.upstreamError());
  }

  private static int impliedStatus(Object error) {
    if (!(error instanceof Map<?, ?> map)) return 500;
    Object code = map.get("code");
    if (code instanceof Number n && n.intValue() >= 400 && n.intValue() <= 599) return n.intValue();
    if (code instanceof String s && s.length() == 3 && s.chars().allMatch(Character::isDigit)) {
      int parsed = Integer.parseInt(s);
      if (parsed >= 400 && parsed <= 599) return parsed;
    }
    String type = (map.get("type") instanceof String t ? t : "") + " " + (code instanceof String c ? c : "");
    if (type.contains("rate_limit") || type.contains("quota")) return 429;
    if (type.contains("overloaded")) return 529;
    if (type.contains("authentication") || type.contains("invalid_api_key")) return 401;
    if (type.contains("permission")) return 403;
    if (type.contains("not_found")) return 404;
    if (type.contains("timeout")) return 504;
    if (type.contains("invalid_request") || type.contains("context_length")) return 400;
    return 500;
  }

  /** The parts of an embeddings answer Apprentice reads. */
  record EmbeddingsBody(String model, List<Item> data, EmbeddingsUsage usage, Object error) {}

  record Item(Integer index, float[] embedding) {}

  /** @param promptTokens null when the usage leaves it out */
  record EmbeddingsUsage(@JsonProperty("prompt_tokens") Integer promptTokens) {}
}
