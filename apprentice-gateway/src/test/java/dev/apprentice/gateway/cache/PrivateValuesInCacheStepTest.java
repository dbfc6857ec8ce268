package dev.apprentice.gateway.cache;

import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.DeadlineExceededException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheKey;
import dev.apprentice.api.cache.CachePolicy;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import dev.apprentice.api.cache.ResponseCache;
import dev.apprentice.api.retrieval.RetrievedChunk;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.gateway.Call;
import dev.apprentice.gateway.Gateway;
import dev.apprentice.gateway.Outcome;
import dev.apprentice.gateway.accounting.AccountingStep;
import dev.apprentice.gateway.accounting.Capture;
import dev.apprentice.gateway.config.CacheSettings;
import dev.apprentice.gateway.config.PriceSettings;
import dev.apprentice.gateway.cost.PriceTable;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.resilience.Breakers;
import dev.apprentice.gateway.routing.FallbackRouter;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.gateway.routing.Target;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The semantic tier of the cache step leaves alone the calls whose prompt or answer holds a private value: they are
 * looked up and kept by the exact tier only, and the trace says why.
 */
class PrivateValuesInCacheStepTest {

  private static final CacheSettings SEMANTIC = new CacheSettings(CachePolicy.Mode.SEMANTIC, 0.9,
      Duration.ofHours(1), 1_000, true);
  /** The identity of the check the model's calls get now. */
  private static final String CHECK = "3f9a0c21d7e4";

  private final FakeProvider openai = new FakeProvider("openai");
  private final TieredCache cache = new TieredCache();
  private final List<TraceRecord> traces = new CopyOnWriteArrayList<>();
  private final List<String> answersAsked = new CopyOnWriteArrayList<>();
  private CacheSettings settings = SEMANTIC;
  private Gateway gateway;

  /**
   * Prompts holding "@" hold personal data, answers holding "sk-" a secret unless a passage on the call holds the
   * answer's text; "fail" makes the check fail. Its identity is {@link #CHECK}.
   */
  private final PrivateValues findings = new PrivateValues() {
    @Override
    public String check(String model) {
      return CHECK;
    }

    @Override
    public String inPrompt(Call call, String prompt) {
      if (prompt.contains("fail")) throw new IllegalStateException("scanner broke");
      return prompt.contains("@") ? TraceDetails.PII_IN_PROMPT : null;
    }

    @Override
    public String inAnswer(Call call, ChatRequest request, ChatResponse answer) {
      String text = answer.choices().getFirst().message().text();
      answersAsked.add(text);
      if (call.retrieved().stream().anyMatch(c -> c.text().contains(text))) return null;
      return text.contains("sk-") ? TraceDetails.SECRET_IN_ANSWER : null;
    }
  };

  @AfterEach
  void close() {
    if (gateway != null) gateway.close();
    openai.close();
  }

  private Gateway gateway() {
    if (gateway != null) return gateway;
    ModelRoute route = new ModelRoute("smart", new FallbackRouter(), List.of(new Target(openai, "gpt-4o", 1)), 0,
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(1),
        new Breakers.Policy(50, 1_000, Duration.ofSeconds(30)));
    Pricing pricing = new Pricing(PriceTable.builtIn(),
        Map.of("smart", new PriceSettings(2.0, 10.0, null, null, null)));
    gateway = Gateway.builder()
        .interceptor(new AccountingStep(pricing, new TokenEstimator(), m -> Capture.METADATA_ONLY, traces::add))
        .interceptor(new CacheStep(cache, m -> settings, Runnable::run,
            CacheStep.Options.DEFAULTS.withPrivateValues(findings)))
        .model(route).build();
    return gateway;
  }

  private static ChatRequest ask(String text, boolean stream) {
    return ChatRequest.builder().model("smart").messages(List.of(Message.user(text))).stream(stream).temperature(0.0)
        .build();
  }

  private Outcome run(ChatRequest request) {
    return gateway().execute(gateway().open(request, "tr_" + traces.size(), Map.of()), request);
  }

  private static void drain(Outcome outcome) throws ProviderException {
    try (var rest = ((Outcome.Streaming) outcome).rest()) {
      for (ChatChunk c = rest.next(); c != null; c = rest.next()) {
        // read to the end: the answer is kept when the stream ends
      }
    }
  }

  @Test
  void aPromptHoldingAPrivateValueIsLookedUpAndKeptByTheExactTierOnlyAndTracedWithWhy() {
    openai.byDefault(reply("We wrote to her."));

    run(ask("Write to jane@example.com about her refund", false));

    assertThat(cache.lookedUpWith).containsExactly(CachePolicy.Mode.EXACT);
    assertThat(cache.storedWith).containsExactly(CachePolicy.Mode.EXACT);
    assertThat(cache.storedChecked).containsExactly((String) null);
    assertThat(traces.getFirst().cache()).isEqualTo("miss");
    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.PII_IN_PROMPT);
    assertThat(answersAsked).as("an answer kept for exact matches only is not read").isEmpty();
  }

  @Test
  void anExactHitOnAPrivatePromptIsTracedAsAHitWithNothingSkipped() {
    openai.byDefault(reply("We wrote to her."));
    ChatRequest request = ask("Write to jane@example.com about her refund", false);
    run(request);

    run(request);

    assertThat(openai.calls()).isEqualTo(1);
    assertThat(traces.get(1).cache()).isEqualTo("exact");
    assertThat(traces.get(1).details().semanticSkipped()).isNull();
  }

  @Test
  void anAnswerHoldingAValueItsPromptDidNotIsKeptForExactMatchesOnly() {
    openai.byDefault(reply("Use the key sk-live-123 to sign in."));

    run(ask("How do I sign in?", false));

    assertThat(cache.lookedUpWith).containsExactly(CachePolicy.Mode.SEMANTIC);
    assertThat(cache.storedWith).containsExactly(CachePolicy.Mode.EXACT);
    assertThat(cache.storedChecked).as("it did not pass").containsExactly((String) null);
    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.SECRET_IN_ANSWER);
  }

  @Test
  void aStreamedAnswerIsJudgedAsAssembledWhenTheStreamEnds() throws Exception {
    openai.byDefault(streamReply("Use the key ", "sk-live", "-123 to sign in."));

    drain(run(ask("How do I sign in?", true)));

    assertThat(answersAsked).containsExactly("Use the key sk-live-123 to sign in.");
    assertThat(cache.storedWith).containsExactly(CachePolicy.Mode.EXACT);
    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.SECRET_IN_ANSWER);
  }

  @Test
  void aCallWithNothingPrivateIsLookedUpAndKeptByMeaningWithNothingTraced() {
    openai.byDefault(reply("Open the app and tap Sign in."));

    run(ask("How do I sign in?", false));

    assertThat(cache.lookedUpWith).containsExactly(CachePolicy.Mode.SEMANTIC);
    assertThat(cache.storedWith).containsExactly(CachePolicy.Mode.SEMANTIC);
    assertThat(cache.storedChecked).as("it passed the check").containsExactly(CHECK);
    assertThat(traces.getFirst().details().semanticSkipped()).isNull();
  }

  @Test
  void privateValuesLeftToTheSemanticTierAreNotLookedFor() {
    settings = new CacheSettings(CachePolicy.Mode.SEMANTIC, 0.9, Duration.ofHours(1), 1_000, true,
        CachePolicy.Mode.SEMANTIC);
    openai.byDefault(reply("Use the key sk-live-123 to sign in."));

    run(ask("Write to jane@example.com about her refund", false));

    assertThat(cache.lookedUpWith).containsExactly(CachePolicy.Mode.SEMANTIC);
    assertThat(cache.storedWith).containsExactly(CachePolicy.Mode.SEMANTIC);
    assertThat(cache.storedChecked).as("kept by meaning unchecked").containsExactly((String) null);
    assertThat(answersAsked).isEmpty();
    assertThat(traces.getFirst().details().semanticSkipped()).isNull();
  }

  @Test
  void aCheckThatFailsKeepsTheCallFromTheSemanticTierAndNeverFailsIt() {
    openai.byDefault(reply("Done."));

    Outcome outcome = run(ask("please fail to check this", false));

    assertThat(((Outcome.Complete) outcome).response().choices().getFirst().message().text()).isEqualTo("Done.");
    assertThat(cache.lookedUpWith).containsExactly(CachePolicy.Mode.EXACT);
    assertThat(cache.storedWith).containsExactly(CachePolicy.Mode.EXACT);
    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.CHECK_FAILED);
  }

  @Test
  void anAnswerWhoseLookupCouldNotEmbedItsPromptInTimeIsKeptWithoutBeingRead() {
    cache.embeddingTimesOut = true;
    openai.byDefault(reply("Use the key sk-live-123 to sign in."));

    run(ask("How do I sign in?", false));

    assertThat(answersAsked).as("the semantic tier keeps no answer of a prompt it could not embed").isEmpty();
    assertThat(cache.storedWith).hasSize(1);
    assertThat(cache.storedChecked).as("not read, so not checked").containsExactly((String) null);
    assertThat(traces.getFirst().details().semanticSkipped()).isNull();
  }

  @Test
  void aSemanticHitOnAnEntryWhoseAnswerPassedTheCheckAsItWasKeptIsServedWithoutReadingItAgain() {
    // a value of the passages its call retrieved, say, which the asking request (a hit skips retrieval) does not hold
    cache.nearest = new CachedAnswer(completion("Use the demo key sk-demo-1 of the handbook."), 0.01, null, CHECK);

    Outcome outcome = run(ask("How do I try the API?", false));

    assertThat(((Outcome.Complete) outcome).response().choices().getFirst().message().text())
        .isEqualTo("Use the demo key sk-demo-1 of the handbook.");
    assertThat(traces.getFirst().cache()).isEqualTo("semantic");
    assertThat(answersAsked).isEmpty();
    assertThat(openai.calls()).isZero();
    assertThat(cache.keptExactOnly).as("a hit served stays shared").isEmpty();
  }

  @Test
  void aSemanticHitOnAnEntryKeptUncheckedWhoseAnswerHoldsAValueTheRequestDoesNotIsNotServed() {
    cache.nearest = new CachedAnswer(completion("Use the key sk-live-123 to sign in."), 0.01, null, null);
    openai.byDefault(reply("Open the app and tap Sign in."));

    Outcome outcome = run(ask("How do I sign in?", false));

    assertThat(((Outcome.Complete) outcome).response().choices().getFirst().message().text())
        .isEqualTo("Open the app and tap Sign in.");
    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.PRIVATE_HIT);
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(cache.keptExactOnly).as("it no longer answers paraphrases").containsExactly("exact:nearest");
  }

  @Test
  void aSemanticHitOnAnEntryCheckedUnderOtherSettingsIsReadAgainAndNotServedWhenItsAnswerHoldsAValueTheRequestDoesNot() {
    // passed a check that did not look for secrets, say; the model's check looks for them now
    cache.nearest = new CachedAnswer(completion("Use the key sk-live-123 to sign in."), 0.01, null, "0b12c4d5e6f7");
    openai.byDefault(reply("Open the app and tap Sign in."));

    Outcome outcome = run(ask("How do I sign in?", false));

    assertThat(((Outcome.Complete) outcome).response().choices().getFirst().message().text())
        .isEqualTo("Open the app and tap Sign in.");
    assertThat(answersAsked).first().isEqualTo("Use the key sk-live-123 to sign in.");
    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.PRIVATE_HIT);
    assertThat(openai.calls()).isEqualTo(1);
  }

  @Test
  void aSemanticHitOnAnEntryKeptUncheckedWhoseAnswerQuotesThePassagesItWasMadeFromIsServedAndTracesThem() {
    RetrievedChunk passage = new RetrievedChunk("kb", "api", "api#0", "Use the demo key sk-demo-1.", 0.8);
    cache.nearest = new CachedAnswer(completion("Use the demo key sk-demo-1."), 0.01, null, null, List.of(passage));

    Outcome outcome = run(ask("How do I try the API?", false));

    assertThat(((Outcome.Complete) outcome).response().choices().getFirst().message().text())
        .isEqualTo("Use the demo key sk-demo-1.");
    assertThat(traces.getFirst().cache()).isEqualTo("semantic");
    assertThat(traces.getFirst().details().semanticSkipped()).isNull();
    assertThat(traces.getFirst().details().retrieved()).containsExactly(passage);
    assertThat(openai.calls()).isZero();
  }

  @Test
  void aSemanticHitThatIsNotServedLeavesNoneOfItsPassagesOnTheCall() {
    RetrievedChunk passage = new RetrievedChunk("kb", "api", "api#0", "Keys are on the settings page.", 0.8);
    cache.nearest = new CachedAnswer(completion("Use the key sk-live-123."), 0.01, null, null, List.of(passage));
    openai.byDefault(reply("Open the settings page."));

    run(ask("How do I sign in?", false));

    assertThat(traces.getFirst().details().semanticSkipped()).isEqualTo(TraceDetails.PRIVATE_HIT);
    assertThat(traces.getFirst().details().retrieved()).isEmpty();
  }

  private static String completion(String text) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},"
        + "\"finish_reason\":\"stop\"}]}";
  }

  /**
   * Exact entries by key, and {@link #nearest} as the semantic hit of any other prompt; records the tiers each lookup
   * and store were allowed, and the check each answer was kept marked with.
   */
  private static final class TieredCache implements ResponseCache {

    final List<CachePolicy.Mode> lookedUpWith = new CopyOnWriteArrayList<>();
    final List<CachePolicy.Mode> storedWith = new CopyOnWriteArrayList<>();
    /** The entries (exact keys) kept for exact matches only since. */
    final List<String> keptExactOnly = new CopyOnWriteArrayList<>();
    /** The check each answer was kept marked with (null: none). */
    final List<String> storedChecked = new CopyOnWriteArrayList<>();
    /** The entry a semantic lookup without an exact entry finds, or null. */
    volatile CachedAnswer nearest;
    private final Map<String, CachedAnswer> exact = new java.util.concurrent.ConcurrentHashMap<>();
    /** A semantic lookup gives up on embedding its prompt, as one behind a long queue at the model does. */
    volatile boolean embeddingTimesOut;

    @Override
    public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy, Deadline deadline) {
      Optional<CacheHit> hit = lookup(key, policy);
      if (hit.isEmpty() && embeddingTimesOut && policy.mode() == CachePolicy.Mode.SEMANTIC) {
        throw new DeadlineExceededException("the prompt could not be embedded in time");
      }
      return hit;
    }

    @Override
    public Optional<CacheHit> lookup(CacheKey key, CachePolicy policy) {
      lookedUpWith.add(policy.mode());
      CachedAnswer answer = exact.get(key.exact());
      if (answer != null) {
        return Optional.of(new CacheHit(answer.response(), CacheHit.Tier.EXACT, 1.0, answer.costUsd(),
            java.time.Instant.now(), answer.servedBy(), answer.privacyCheck()));
      }
      CachedAnswer near = nearest;
      if (near == null || policy.mode() != CachePolicy.Mode.SEMANTIC) return Optional.empty();
      return Optional.of(new CacheHit(near.response(), CacheHit.Tier.SEMANTIC, 0.95, near.costUsd(),
          java.time.Instant.now(), near.servedBy(), near.privacyCheck(), near.retrieved(), "exact:nearest"));
    }

    @Override
    public void store(CacheKey key, CachedAnswer answer, CachePolicy policy) {
      storedWith.add(policy.mode());
      storedChecked.add(answer.privacyCheck());
      exact.put(key.exact(), answer);
    }

    @Override
    public void keepForExactMatchesOnly(CacheKey asked, CacheHit hit) {
      keptExactOnly.add(hit.entry());
    }

    @Override
    public CacheStats stats() {
      return new CacheStats(exact.size(), 0, 0, 0);
    }

    @Override
    public long clear(String tenant, String model) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
