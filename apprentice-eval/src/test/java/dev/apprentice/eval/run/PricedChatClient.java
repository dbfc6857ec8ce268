package dev.apprentice.eval.run;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.eval.client.ChatClient;
import dev.apprentice.eval.client.Completion;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A chat client priced like a gateway prices a model: a token is four characters, the answer is cut at the request's
 * output token limit, and a call costs its input tokens times the input price plus its output tokens times the output
 * price. The answer is chosen by a function of the request.
 */
final class PricedChatClient implements ChatClient {

  private final Function<ChatRequest, String> answer;
  private final double inputUsdPerToken;
  private final double outputUsdPerToken;
  private final AtomicInteger calls = new AtomicInteger();

  PricedChatClient(Function<ChatRequest, String> answer, double inputUsdPerToken, double outputUsdPerToken) {
    this.answer = answer;
    this.inputUsdPerToken = inputUsdPerToken;
    this.outputUsdPerToken = outputUsdPerToken;
  }

  static int tokens(String text) {
    return (text.length() + 3) / 4;
  }

  @Override
  public Completion complete(ChatRequest request, List<String> tags) {
    int n = calls.incrementAndGet();
    int in = 0;
    for (Message m : request.messages()) in += tokens(m.text());
    String text = answer.apply(request);
    Integer limit = request.outputTokenLimit();
    if (limit != null && tokens(text) > limit) text = text.substring(0, limit * 4);
    int out = tokens(text);
    double cost = in * inputUsdPerToken + out * outputUsdPerToken;
    return new Completion(text, in, out, cost, 1, "tr-" + n, List.of());
  }

  int calls() {
    return calls.get();
  }
}
