package dev.apprentice.api.trace;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a chat call asked its model to generate, and how the answer said it stopped: the request parameters and
 * response facts the OpenTelemetry GenAI conventions put on a call's span. Never text the caller wrote to the model
 * or the model wrote back, beyond stop sequences. Each parameter is null when the request did not set it.
 *
 * @param temperature      {@code temperature}
 * @param topP             {@code top_p}
 * @param maxTokens        {@code max_completion_tokens}, else {@code max_tokens}
 * @param frequencyPenalty {@code frequency_penalty}
 * @param presencePenalty  {@code presence_penalty}
 * @param stopSequences    {@code stop}, one string or several; empty when it set none
 * @param seed             {@code seed}
 * @param choiceCount      {@code n}, only when it asks for other than one choice
 * @param outputType       {@value #JSON} for a {@code response_format} of {@code json_object} or {@code json_schema},
 *                         {@value #TEXT} for {@code text}; null when it set no format
 * @param responseId       the answer's {@code id}, null when there was no answer
 * @param finishReasons    each choice's {@code finish_reason}, in order; empty when there was no answer
 */
public record Generation(Double temperature, Double topP, Integer maxTokens, Double frequencyPenalty,
    Double presencePenalty, List<String> stopSequences, Long seed, Integer choiceCount, String outputType,
    String responseId, List<String> finishReasons) {

  /** The output type of a request that asks for JSON, with or without a schema. */
  public static final String JSON = "json";
  /** The output type of a request that asks for plain text. */
  public static final String TEXT = "text";

  public Generation {
    stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    finishReasons = finishReasons == null ? List.of() : List.copyOf(finishReasons);
  }

  /**
   * What {@code request} asked and what the answer ({@code responseId}, {@code finishReasons}) said; null when neither
   * says anything.
   */
  public static Generation of(ChatRequest request, String responseId, List<String> finishReasons) {
    Map<String, Object> extra = request.extra();
    Generation generation = new Generation(request.temperature(), request.topP(), request.outputTokenLimit(),
        number(extra.get("frequency_penalty")), number(extra.get("presence_penalty")), request.stopSequences(),
        request.seed(), request.n() == null || request.n() == 1 ? null : request.n(),
        outputType(request.responseFormat()), responseId, finishReasons);
    return generation.isEmpty() ? null : generation;
  }

  /** Each choice's {@code finish_reason} in order, those that have none left out. */
  public static List<String> finishReasonsOf(ChatResponse response) {
    if (response == null || response.choices() == null) return List.of();
    List<String> reasons = new ArrayList<>(response.choices().size());
    for (ChatResponse.Choice choice : response.choices()) {
      if (choice.finishReason() != null) reasons.add(choice.finishReason());
    }
    return reasons;
  }

  private boolean isEmpty() {
    return temperature == null && topP == null && maxTokens == null && frequencyPenalty == null
        && presencePenalty == null && stopSequences.isEmpty() && seed == null && choiceCount == null
        && outputType == null && responseId == null && finishReasons.isEmpty();
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  /** {@value #JSON} or {@value #TEXT} by {@code response_format.type}; another type as it is named. */
  private static String outputType(Map<String, Object> responseFormat) {
    if (responseFormat == null || !(responseFormat.get("type") instanceof String type)) return null;
    return switch (type) {
      case "json_object", "json_schema" -> JSON;
      default -> type;
    };
  }
}
