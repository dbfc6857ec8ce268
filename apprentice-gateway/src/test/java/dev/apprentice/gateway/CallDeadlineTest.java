package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.cache.CacheStep;
import dev.apprentice.gateway.config.CacheSettings;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.InMemoryCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

  @Test
  void aCallsDeadlineMakesItsDepartureOnlyOnceSomethingWaitsWithinIt() {
    try (FakeProvider openai = new FakeProvider("openai")) {
      Call call = new Call("tr_1", route("smart", target(openai, "gpt-4o")).build(), System.nanoTime(), Map.of());
      Deadline lookup = call.deadline().part(CacheStep.LOOKUP_SHARE);

      assertThat(lookup.passed()).isFalse();
      assertThat(call.cancellation().departureMade()).isFalse();

      assertThat(lookup.await(() -> CompletableFuture.completedFuture("vector"))).isEqualTo("vector");
      assertThat(call.cancellation().departureMade()).isTrue();
    }
  }

  @Test
  void aCachedCallWhoseLookupNeverWaitsNeverMakesItsDeparture() {
    try (FakeProvider openai = new FakeProvider("openai")) {
      openai.then(reply("Open the app and choose Cards, then Reset PIN."));
      InMemoryCache exactOnly = new InMemoryCache();
      try (Gateway gateway = Gateway.builder()
          .interceptor(new CacheStep(exactOnly, m -> CacheSettings.defaults(), Runnable::run,
              CacheStep.Options.DEFAULTS))
          .model(route("smart", target(openai, "gpt-4o")).build()).build()) {
        ChatRequest request = ChatRequest.builder().model("smart")
            .messages(List.of(Message.user("How do I reset my PIN?"))).temperature(0.0).build();

        Call first = gateway.open(request, "tr_1", Map.of());
        gateway.execute(first, request);
        first.end(new CallEnd(200, null, Tokens.NONE, false, 0)); // answered: the cache keeps it
        Call second = gateway.open(request, "tr_2", Map.of());
        gateway.execute(second, request);

        assertThat(exactOnly.lookups).as("both calls looked the cache up").hasValue(2);
        assertThat(openai.calls()).as("the second was answered from it").isEqualTo(1);
        assertThat(first.cancellation().departureMade()).isFalse();
        assertThat(second.cancellation().departureMade()).isFalse();
      }
    }
  }
}
