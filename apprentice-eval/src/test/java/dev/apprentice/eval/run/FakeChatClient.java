package dev.apprentice.eval.run;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.ChatFailure;
import dev.apprentice.eval.client.Completion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A chat client whose answer is chosen by a function of the request: each call costs {@code costPerCall}, and the
 * client records the requests and tags it saw and the most calls it had in flight at once.
 */
public final class FakeChatClient implements ChatClient {

  private final Function<ChatRequest, String> answer;
  private final java.util.function.ToDoubleFunction<ChatRequest> cost;
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> tagsByTrace = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  public FakeChatClient(Function<ChatRequest, String> answer, double costPerCall) {
    this(answer, r -> costPerCall);
  }

  /** A client whose cost per call depends on the request (its model, say). */
  public FakeChatClient(Function<ChatRequest, String> answer, java.util.function.ToDoubleFunction<ChatRequest> cost) {
    this.answer = answer;
    this.cost = cost;
  }

  /** Echoes the last message's text, as the simulator's echo mode does. */
  public static FakeChatClient echo(double costPerCall) {
    return new FakeChatClient(r -> r.messages().getLast().text(), costPerCall);
  }

  @Override
  public Completion complete(ChatRequest request, List<String> tags) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Thread.sleep(1);
      requests.add(request);
      String traceId = "tr-" + calls.incrementAndGet();
      tagsByTrace.put(traceId, tags);
      String text = answer.apply(request);
      if (text == null) throw new ChatFailure("upstream_error", "the upstream failed", traceId);
      return new Completion(text, 10, 2, cost.applyAsDouble(request), 5, traceId, List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatFailure("interrupted", "interrupted", null);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  public List<ChatRequest> requests() {
    return requests;
  }

  public Map<String, List<String>> tagsByTrace() {
    return tagsByTrace;
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public int calls() {
    return calls.get();
  }
}
