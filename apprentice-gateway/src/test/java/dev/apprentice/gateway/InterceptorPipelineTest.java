package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.request;
import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.testing.FakeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterceptorPipelineTest {

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final List<String> trail = new ArrayList<>();
  private final ChatRequest request = request("smart");
  private Gateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
  }

  private Gateway.Builder builder(int retries) {
    Random seeded = new Random(1);
    return Gateway.builder().sleeper(new FakeSleeper()).random(() -> seeded)
        .model(route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet")).retries(retries).build());
  }

  private Outcome run(Gateway.Builder builder) {
    gateway = builder.build();
    return gateway.execute(gateway.open(request, "trace", Map.of()), request);
  }

  private Interceptor recording(String name) {
    return chain -> {
      trail.add(name + " in");
      Outcome outcome = chain.proceed(chain.request());
      trail.add(name + " out");
      return outcome;
    };
  }

  @Test
  void perCallInterceptorsRunInTheOrderTheyWereAddedAroundTheRouting() {
    run(builder(0).interceptor(recording("limits")).interceptor(recording("cache")));

    assertThat(trail).containsExactly("limits in", "cache in", "cache out", "limits out");
    assertThat(openai.calls()).isEqualTo(1);
  }

  @Test
  void anInterceptorCanAnswerWithoutProceedingAndNothingAfterItRuns() {
    ChatResponse cached = new ChatResponse("cached-1", "chat.completion", 0L, "smart",
        List.of(new ChatResponse.Choice(0, Message.assistant("from cache"), "stop", null)), null, null, null);

    Outcome outcome = run(builder(0).interceptor(recording("limits"))
        .interceptor(chain -> new Outcome.Complete(cached)).interceptor(recording("never")));

    assertThat(((Outcome.Complete) outcome).response().text()).isEqualTo("from cache");
    assertThat(trail).containsExactly("limits in", "limits out");
    assertThat(openai.calls()).isZero();
    assertThat(anthropic.calls()).isZero();
  }

  @Test
  void anInterceptorCanChangeTheRequestTheProviderReceives() {
    run(builder(0).interceptor(chain -> chain.proceed(chain.request().withMessages(
        List.of(Message.system("be brief"), Message.user("hello"))))));

    assertThat(openai.received().getFirst().request().messages()).extracting(Message::role)
        .containsExactly("system", "user");
  }

  @Test
  void anAttemptInterceptorRunsOncePerAttemptWithThatAttemptsTarget() {
    openai.byDefault(fail(Kind.SERVER_ERROR, 500, null));
    List<String> attempts = new ArrayList<>();

    run(builder(1).attemptInterceptor(chain -> {
      attempts.add(chain.target().id() + " " + chain.request().model());
      return chain.proceed(chain.request());
    }));

    assertThat(attempts).containsExactly("openai/gpt-4o gpt-4o", "openai/gpt-4o gpt-4o",
        "anthropic/claude-sonnet claude-sonnet");
  }

  @Test
  void anAttemptInterceptorThatProceedsTwiceFailsNamingIt() {
    assertThatThrownBy(() -> run(builder(0).attemptInterceptor(new ProceedsTwice())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ProceedsTwice.class.getName())
        .hasMessageContaining("exactly once");
    assertThat(openai.calls()).isEqualTo(1);
  }

  /** A faulty attempt step that duplicates the upstream call. */
  private static final class ProceedsTwice implements AttemptInterceptor {
    @Override
    public Outcome intercept(Chain chain) throws ProviderException {
      chain.proceed(chain.request());
      return chain.proceed(chain.request());
    }
  }
}
