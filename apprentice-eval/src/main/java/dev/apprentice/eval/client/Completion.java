package dev.apprentice.eval.client;

import java.util.List;

/**
 * A model's answer as the gateway reported it.
 *
 * @param text         the first choice's text
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param costUsd      what the call cost (the gateway's price for the target that answered; 0 when unknown)
 * @param latencyMs    time from sending the request to the whole answer
 * @param traceId      the gateway's trace id ({@code x-apprentice-trace-id}), null when it gave none
 * @param retrievedIds the chunk ids a {@code rag:} model retrieved for the call, best first
 */
public record Completion(String text, int inputTokens, int outputTokens, double costUsd, double latencyMs,
    String traceId, List<String> retrievedIds) {

  public Completion {
    text = text == null ? "" : text;
    retrievedIds = retrievedIds == null ? List.of() : List.copyOf(retrievedIds);
  }
}
