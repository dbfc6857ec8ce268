package dev.apprentice.eval.run;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.trace.TraceTagRules;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.client.Completion;
import dev.apprentice.eval.dataset.EvalItem;
import dev.apprentice.eval.metric.EvalCase;
import dev.apprentice.eval.metric.Measurement;
import dev.apprentice.eval.metric.Measurements;
import dev.apprentice.eval.metric.Metric;
import dev.apprentice.eval.suite.VariantSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one variant on one item: the call through the gateway (tagged eval, run id, variant), then every metric. */
final class ItemExecutor {

  private final ChatClient client;
  private final Map<String, Metric> metrics;
  private final String runId;

  ItemExecutor(ChatClient client, Map<String, Metric> metrics, String runId) {
    this.client = client;
    this.metrics = metrics;
    this.runId = runId;
  }

  /**
   * The item's result; never throws. A failed call, and anything thrown while making or scoring it (an Error
   * included, e.g. a regular expression that overflows the stack on a long answer), is the item's failure.
   */
  ItemResult execute(VariantSpec variant, EvalItem item) {
    List<String> tags = List.of(TraceTagRules.EVAL, runId, variant.name());
    Completion answer;
    try {
      ChatRequest request = PromptRenderer.request(variant, item);
      answer = client.complete(request, tags);
    } catch (ChatFailure e) {
      return failed(variant, item, e.traceId(), ItemResult.callError(e.code(), e.getMessage(), e.status()), e.status());
    } catch (Throwable e) {
      return failed(variant, item, null, "the call: " + describe(e), 0);
    }
    EvalCase c = new EvalCase(item.input(), answer.text(), item.references(), item.label(), item.contextIds(),
        answer.retrievedIds(), tags);
    Map<String, Measurement> values = new LinkedHashMap<>();
    double judgeCost = 0;
    long judgeTokens = 0;
    for (Map.Entry<String, Metric> m : metrics.entrySet()) {
      Measurement measured;
      try {
        measured = Measurements.measure(m.getValue(), c);
      } catch (Throwable e) {
        String error = "metric " + m.getKey() + " (" + m.getValue().name() + "): " + describe(e);
        return new ItemResult(runId, variant.name(), item.index(), answer.text(), Map.of(), answer.latencyMs(),
            answer.inputTokens(), answer.outputTokens(), answer.costUsd(), judgeCost, judgeTokens, answer.traceId(),
            error);
      }
      values.put(m.getKey(), measured);
      judgeCost += measured.costUsd();
      judgeTokens += measured.tokens();
    }
    return new ItemResult(runId, variant.name(), item.index(), answer.text(), values, answer.latencyMs(),
        answer.inputTokens(), answer.outputTokens(), answer.costUsd(), judgeCost, judgeTokens, answer.traceId(), null);
  }

  /** A throwable as an item's error: what it is, and for a stack overflow what that usually means here. */
  static String describe(Throwable e) {
    if (e instanceof StackOverflowError) return "recursed too deep on this item (StackOverflowError)";
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private ItemResult failed(VariantSpec variant, EvalItem item, String traceId, String error, int status) {
    return new ItemResult(runId, variant.name(), item.index(), "", Map.of(), 0, 0, 0, 0, 0, 0, traceId, error, status);
  }
}
