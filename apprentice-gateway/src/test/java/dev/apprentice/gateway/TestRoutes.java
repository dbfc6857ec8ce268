package dev.apprentice.gateway;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Router;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;

/** Builds model routes and requests for gateway tests, with settings that stay out of the way unless changed. */
final class TestRoutes {

  /** A breaker that never opens within a test, unless the test asks for a stricter one. */
  static final Breakers.Policy LENIENT_BREAKER = new Breakers.Policy(50, 1_000, Duration.ofSeconds(30));

  private final String name;
  private final List<Target> targets;
  private Router router = new FallbackRouter();
  private int retries;
  private Duration timeout = Duration.ofSeconds(60);
  private Duration ttft = Duration.ofSeconds(10);
  private Duration backoff = Duration.ofMillis(100);
  private Breakers.Policy breaker = LENIENT_BREAKER;
  private Duration attemptTimeout;

  private TestRoutes(String name, List<Target> targets) {
    this.name = name;
    this.targets = targets;
  }

  static TestRoutes route(String name, Target... targets) {
    return new TestRoutes(name, List.of(targets));
  }

  static Target target(FakeProvider provider, String upstreamModel) {
    return new Target(provider, upstreamModel, 1);
  }

  static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).messages(List.of(Message.user("hello"))).build();
  }

  static ChatRequest streamingRequest(String model) {
    return ChatRequest.builder().model(model).messages(List.of(Message.user("hello"))).stream(true).build();
  }

  TestRoutes router(Router value) {
    this.router = value;
    return this;
  }

  TestRoutes retries(int value) {
    this.retries = value;
    return this;
  }

  TestRoutes timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  TestRoutes ttft(Duration value) {
    this.ttft = value;
    return this;
  }

  TestRoutes backoff(Duration value) {
    this.backoff = value;
    return this;
  }

  TestRoutes attemptTimeout(Duration value) {
    this.attemptTimeout = value;
    return this;
  }

  TestRoutes breaker(Breakers.Policy value) {
    this.breaker = value;
    return this;
  }

  ModelRoute build() {
    return new ModelRoute(name, router, targets, retries, timeout, ttft, backoff, breaker, attemptTimeout);
  }
}
