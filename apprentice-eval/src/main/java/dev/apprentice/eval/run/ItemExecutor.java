package dev.apprentice.eval.run;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.Sleeper;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one variant on one item: the call through the gateway (tagged eval, run id, variant), then every metric. A call
 * the gateway refused for a rate limit ({@code rate_limit_exceeded}: a key's or tenant's requests or tokens per
 * minute, or its calls at once) with a {@code Retry-After} is made again once that wait is over, at most
 * {@link #MAX_RATE_LIMIT_WAITS} times and {@link #MAX_RATE_LIMIT_WAITED} in all; only then is the item refused by
 * limits. Failures of the model or its provider are retried by the gateway itself, and a budget's refusal lasts until
 * the next UTC day or month: neither is waited for here.
 */
final class ItemExecutor {

  /** The most times one item's call waits for a rate limit's {@code Retry-After} before it is stored as refused. */
  static final int MAX_RATE_LIMIT_WAITS = 5;
  /** The most one item's call waits in all for a rate limit; a refusal asking for more is not waited for. */
  static final Duration MAX_RATE_LIMIT_WAITED = Duration.ofMinutes(2);

  private final ChatClient client;
  private final Map<String, Metric> metrics;
  private final String runId;
  private final Sleeper sleeper;
  private final RunControl control;

  /** @param control once it is stopped, a rate limit's refusal is not waited for: the item is stored as refused */
  ItemExecutor(ChatClient client, Map<String, Metric> metrics, String runId, Sleeper sleeper, RunControl control) {
    this.client = client;
    this.metrics = metrics;
    this.runId = runId;
    this.sleeper = sleeper;
    this.control = control;
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
      answer = call(request, tags);
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

  /**
   * The call's answer, made again after each wait a rate limit's refusal asks for ({@code Retry-After}) while the
   * waits stay within {@link #MAX_RATE_LIMIT_WAITS} and {@link #MAX_RATE_LIMIT_WAITED}.
   *
   * @throws ChatFailure any other failure, a refusal without a wait (the call can never fit the limit) or past the
   *                     bounds, or the last refusal once the run is stopped
   */
  private Completion call(ChatRequest request, List<String> tags) {
    Duration waited = Duration.ZERO;
    for (int waits = 0; ; waits++) {
      try {
        return client.complete(request, tags);
      } catch (ChatFailure e) {
        Duration wait = e.retryAfter();
        boolean rateLimited = ErrorCode.RATE_LIMIT_EXCEEDED.code().equals(e.code());
        if (!rateLimited || wait == null || waits == MAX_RATE_LIMIT_WAITS
            || waited.plus(wait).compareTo(MAX_RATE_LIMIT_WAITED) > 0 || control.stopped()) {
          throw e;
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException stopped) {
          Thread.currentThread().interrupt();
          throw e;
        }
        waited = waited.plus(wait);
      }
    }
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
