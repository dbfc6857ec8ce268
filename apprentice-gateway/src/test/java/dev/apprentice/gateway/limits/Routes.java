package dev.apprentice.gateway.limits;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;

/** A one-target model route and requests for limit tests. */
final class Routes {

  private Routes() {}

  static ModelRoute route(String alias, FakeProvider provider, String upstreamModel) {
    return new ModelRoute(alias, new FallbackRouter(), List.of(new Target(provider, upstreamModel, 1)), 0,
        Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMillis(100),
        new Breakers.Policy(50, 100_000, Duration.ofSeconds(30)));
  }

  /** A request whose user message is {@code words} words, asking for at most {@code maxTokens} tokens (or null). */
  static ChatRequest request(String model, int words, Integer maxTokens) {
    String text = "hello ".repeat(words).strip();
    return ChatRequest.builder().model(model).messages(List.of(Message.user(text))).maxTokens(maxTokens).build();
  }

  /** A reply of {@code words} words. */
  static FakeProvider.Behaviour reply(int words) {
    return FakeProvider.reply("fine ".repeat(words).strip());
  }
}
