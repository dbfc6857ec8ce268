package dev.apprentice.server.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Message;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.cache.PrivateValues;
import dev.apprentice.gateway.config.ApprenticeConfig;
import dev.apprentice.gateway.config.ConfigLoader;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import dev.apprentice.testing.WordHashEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What keeps a call from the semantic cache tier, read with each model's own guard settings. */
class SemanticPrivacyTest {

  private static final String CONFIG = """
      providers:
        sim: { type: simulator }
      cache: { mode: semantic }
      models:
        flagged:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { input: { pii: flag } }
        unguarded: { targets: [ { provider: sim, model: sim-echo } ] }
        emails:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { pii: { entities: [EMAIL_ADDRESS] } }
        emailsAndCards:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { pii: { entities: [EMAIL_ADDRESS, CREDIT_CARD] } }
        cardsAndEmails:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { pii: { entities: [CREDIT_CARD, EMAIL_ADDRESS] } }
        stricter:
          targets: [ { provider: sim, model: sim-echo } ]
          guard: { secrets: { threshold: 0.3 } }
        shared:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { private_values: semantic }
        exact:
          targets: [ { provider: sim, model: sim-echo } ]
          cache: { mode: exact }
      """;

  private final FakeProvider upstream = new FakeProvider("sim");
  private final PrivateValues privacy = privacy();

  @AfterEach
  void close() {
    upstream.close();
  }

  private static PrivateValues privacy() {
    ApprenticeConfig config = ConfigLoader.parse(CONFIG, Map.of());
    GuardSteps steps = GuardSteps.of(Path.of("target/no-detectors"), WordHashEmbedder::new, Clock.systemUTC());
    return steps.privacy(config, steps.guards(config));
  }

  private Call call(String model, GuardVerdict... verdicts) {
    ModelRoute route = new ModelRoute(model, new FallbackRouter(), List.of(new Target(upstream, "m", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Call call = new Call("tr_1", route, System.nanoTime(), Map.of());
    for (GuardVerdict verdict : verdicts) call.verdict(verdict);
    return call;
  }

  private static GuardVerdict input(String scanner, String action) {
    return new GuardVerdict(GuardVerdict.INPUT, scanner, 0.9, action, Map.of("EMAIL_ADDRESS", 1), 5);
  }

  private static ChatResponse answer(String text) {
    return new ChatResponse("c1", "chat.completion", 0L, "m",
        List.of(new ChatResponse.Choice(0, Message.assistant(text), "stop", null)), null, null, null);
  }

  @Test
  void aModelWithoutAGuardHasItsLastTurnReadForPersonalDataAndSecrets() {
    String token = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

    assertThat(privacy.inPrompt(call("unguarded"), "write to jane@example.com")).isEqualTo(TraceDetails.PII_IN_PROMPT);
    assertThat(privacy.inPrompt(call("unguarded"), "is " + token + " valid")).isEqualTo(TraceDetails.SECRET_IN_PROMPT);
    assertThat(privacy.inPrompt(call("unguarded"), "how do I reset my password")).isNull();
  }

  @Test
  void theDigitsOfAKeyAreTheKeysSoTheTraceSaysASecretNotPersonalDataInThePromptOrTheAnswer() {
    String key = "sk-" + "proj-" + "4155552671" + "abcdefGHIJKLmnop1234"; // built at run time; never a credential

    assertThat(privacy.inPrompt(call("unguarded"), "is " + key + " valid")).isEqualTo(TraceDetails.SECRET_IN_PROMPT);
    ChatRequest request = ChatRequest.builder().model("unguarded").messages(List.of(Message.user("a key?"))).build();
    assertThat(privacy.inAnswer(call("unguarded"), request, answer("Use " + key + ".")))
        .isEqualTo(TraceDetails.SECRET_IN_ANSWER);
  }

  @Test
  void theGuardsVerdictIsTrustedWhenItFoundNothingOrReplacedEveryValue() {
    String prompt = "write to jane@example.com";

    assertThat(privacy.inPrompt(call("flagged", input("pii", "pass")), prompt)).as("pass").isNull();
    assertThat(privacy.inPrompt(call("flagged", input("pii", "redact")), prompt)).as("redact").isNull();
    assertThat(privacy.inPrompt(call("flagged", input("pii", "flag")), prompt)).isEqualTo(TraceDetails.PII_IN_PROMPT);
    assertThat(privacy.inPrompt(call("flagged", input("pii", "flag")), "how do I reset it"))
        .as("flagged in another turn").isNull();
  }

  @Test
  void whatCountsIsWhatTheModelsGuardPiiSettingsList() {
    String phone = "call me on +44 20 7946 0958 about my refund";

    assertThat(privacy.inPrompt(call("unguarded"), phone)).isEqualTo(TraceDetails.PII_IN_PROMPT);
    assertThat(privacy.inPrompt(call("emails"), phone)).isNull();
    assertThat(privacy.inPrompt(call("emails"), "write to jane@example.com")).isEqualTo(TraceDetails.PII_IN_PROMPT);
  }

  @Test
  void anAnswerCountsOnlyForValuesItsRequestDoesNotHoldWrittenAnyWay() {
    ChatRequest request = ChatRequest.builder().model("unguarded").messages(List.of(
        Message.system("Customers write to Help@Bank.example."), Message.user("who do I write to"))).build();

    assertThat(privacy.inAnswer(call("unguarded"), request, answer("Write to help@bank.example."))).isNull();
    assertThat(privacy.inAnswer(call("unguarded"), request, answer("Write to <EMAIL_1>."))).isNull();
    assertThat(privacy.inAnswer(call("unguarded"), request, answer("Write to jane@example.com.")))
        .isEqualTo(TraceDetails.PII_IN_ANSWER);
  }

  @Test
  void valuesOfThePassagesTheCallRetrievedCountAsSentByItsRequest() {
    ChatRequest request = ChatRequest.builder().model("unguarded").messages(List.of(
        Message.user("who do I write to about a refund"))).build();
    Call call = call("unguarded");
    call.retrieved(List.of(new RetrievedChunk("kb", "refunds", "refunds#0",
        "Refunds: write to Support@Bank.example, see https://bank.example/refunds", 0.8)));

    assertThat(privacy.inAnswer(call, request,
        answer("Write to support@bank.example (https://bank.example/refunds)."))).isNull();
    assertThat(privacy.inAnswer(call, request, answer("Write to jane@example.com.")))
        .isEqualTo(TraceDetails.PII_IN_ANSWER);
  }

  @Test
  void theAnswersPersonalDataIsNotReadAgainWhenTheGuardsOutputCheckPassedItOnAnUnredactedRequest() {
    ChatRequest request = ChatRequest.builder().model("flagged").messages(List.of(Message.user("hello"))).build();
    GuardVerdict passed = new GuardVerdict(GuardVerdict.OUTPUT, "pii", 0, GuardVerdict.PASS, Map.of(), 5);
    GuardVerdict flagged = new GuardVerdict(GuardVerdict.OUTPUT, "pii", 0.9, "flag", Map.of("EMAIL_ADDRESS", 1), 5);
    ChatResponse naming = answer("Write to jane@example.com.");

    assertThat(privacy.inAnswer(call("flagged", passed), request, naming)).isNull();
    assertThat(privacy.inAnswer(call("flagged", passed, flagged), request, naming))
        .as("the last answer's verdict is the one that counts").isEqualTo(TraceDetails.PII_IN_ANSWER);
    assertThat(privacy.inAnswer(call("flagged", input("pii", "redact"), passed), request, naming))
        .as("the guard read the caller's values, the cache the placeholders").isEqualTo(TraceDetails.PII_IN_ANSWER);
  }

  @Test
  void theChecksIdentityChangesWithWhatDecidesWhatItFindsAndWithNothingElse() {
    String all = privacy.check("unguarded");

    assertThat(all).matches("[0-9a-f]{12}");
    assertThat(privacy.check("flagged")).as("the guard's actions do not change the reading").isEqualTo(all);
    assertThat(privacy.check("emails")).isNotEqualTo(all);
    assertThat(privacy.check("emailsAndCards")).isNotEqualTo(privacy.check("emails"))
        .isEqualTo(privacy.check("cardsAndEmails"));
    assertThat(privacy.check("stricter")).isNotEqualTo(all);
    assertThat(privacy.check("shared")).as("not read").isNull();
  }

  @Test
  void modelsWhoseSemanticTierMayShareValuesOrThatHaveNoneAreNotRead() {
    assertThat(privacy.inPrompt(call("shared"), "write to jane@example.com")).isNull();
    assertThat(privacy.inPrompt(call("exact"), "write to jane@example.com")).isNull();
  }
}
