package dev.apprentice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.FakeProvider.Delayed;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The routing strategies of a model, as a served call sees them: which target answers. */
class RoutingStrategiesThroughServerTest {

  private static final String CALL = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private final FakeProvider slow = new FakeProvider("slow");
  private final FakeProvider quick = new FakeProvider("quick");
  /** Started by each test once it has set its fakes' answers. */
  @AutoClose
  private RunningGateway gateway;

  private RawHttp start() {
    gateway = Gateways.running("""
        providers:
          slow: { type: simulator }
          quick: { type: simulator }
        models:
          fastest:
            strategy: least-latency
            targets:
              - { provider: slow, model: s-model }
              - { provider: quick, model: q-model }
          split:
            strategy: weighted
            targets:
              - { provider: slow, model: s-model, weight: 3 }
              - { provider: quick, model: q-model, weight: 1 }
        """, Map.of("slow", slow, "quick", quick)).closing(slow, quick);
    return new RawHttp(gateway.server());
  }

  private static String servedBy(RawHttp http, String model) {
    HttpResponse<String> response = http.post("/v1/chat/completions", CALL.formatted(model));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("x-apprentice-served-by").orElseThrow();
  }

  @Test
  void leastLatencySendsCallsToTheTargetThatAnsweredFastest() {
    slow.byDefault(new Delayed(Duration.ofMillis(150), FakeProvider.reply("slow answer")));
    quick.byDefault(FakeProvider.reply("quick answer"));
    RawHttp http = start();

    // the unmeasured targets are tried first, in order: the slow one, then the quick one
    servedBy(http, "fastest");
    servedBy(http, "fastest");
    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < 10; i++) served.merge(servedBy(http, "fastest"), 1, Integer::sum);

    assertThat(served).containsOnlyKeys("quick/q-model");
    assertThat(slow.calls()).isEqualTo(1);
  }

  @Test
  void weightedRoutingSplitsCallsByWeight() {
    RawHttp http = start();

    Map<String, Integer> served = new HashMap<>();
    for (int i = 0; i < 400; i++) served.merge(servedBy(http, "split"), 1, Integer::sum);

    assertThat(served.get("slow/s-model")).as("three quarters of 400").isBetween(255, 345);
    assertThat(served.get("quick/q-model")).as("a quarter of 400").isBetween(55, 145);
  }
}
