package dev.apprentice.local.cache;

import static dev.apprentice.local.cache.CacheFixture.EXACT;
import static dev.apprentice.local.cache.CacheFixture.OFF;
import static dev.apprentice.local.cache.CacheFixture.SEMANTIC;
import static dev.apprentice.local.cache.CacheFixture.START;
import static dev.apprentice.local.cache.CacheFixture.TTL;
import static dev.apprentice.local.cache.CacheFixture.answer;
import static dev.apprentice.local.cache.CacheFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apprentice.api.cache.CacheHit;
import dev.apprentice.api.cache.CacheHit.Tier;
import dev.apprentice.api.cache.CacheStats;
import dev.apprentice.api.cache.CachedAnswer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneResponseCacheTest {

  private static final String ASKED = "How do I reset my password?";

  @TempDir Path dir;
  private final CacheFixture fixture = new CacheFixture();
  private LuceneResponseCache cache;

  @BeforeEach
  void open() {
    fixture.embedder.say(ASKED, FakeEmbedder.axis(0));
    cache = fixture.open(dir);
  }

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void anExactKeyFindsItsAnswerWithWhatItCostAndWhenItWasStored() {
    cache.store(key(ASKED), answer("Use the reset link."), EXACT);

    CacheHit hit = cache.lookup(key(ASKED), EXACT).orElseThrow();

    assertThat(hit.response()).isEqualTo(answer("Use the reset link.").response());
    assertThat(hit.tier()).isEqualTo(Tier.EXACT);
    assertThat(hit.similarity()).isEqualTo(1.0);
    assertThat(hit.costUsd()).isEqualTo(0.0021);
    assertThat(hit.storedAt()).isEqualTo(START);
    assertThat(hit.servedBy()).as("kept without a producer").isNull();
  }

  @Test
  void promptsLongerThanTheEmbeddingWindowAreMatchedExactlyNeverByMeaning() {
    String preamble = "You are the bank's assistant. Answer briefly and politely. ".repeat(5);
    String pin = preamble + "How do I reset my card PIN?";
    String fee = preamble + "What is the fee for a wire transfer to Germany?";
    cache.store(key(pin), answer("Use the app's card settings."), SEMANTIC);

    assertThat(cache.lookup(key(fee), SEMANTIC)).as("a different question after the same long preamble").isEmpty();
    assertThat(cache.lookup(key(pin), SEMANTIC).orElseThrow().tier()).isEqualTo(Tier.EXACT);
  }

  @Test
  void aHitNamesTheTargetThatProducedTheAnswer() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    var original = answer("Use the reset link.");
    cache.store(key(ASKED), new CachedAnswer(original.response(), original.costUsd(), "openai/gpt-4o-mini"), SEMANTIC);

    assertThat(cache.lookup(key(ASKED), EXACT).orElseThrow().servedBy()).isEqualTo("openai/gpt-4o-mini");
    assertThat(cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow().servedBy()).isEqualTo("openai/gpt-4o-mini");
  }

  @Test
  void aHitSaysWhichPrivateValueCheckItsAnswerPassedAsItWasKept() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    var original = answer("Use the reset link.");
    cache.store(key(ASKED), new CachedAnswer(original.response(), original.costUsd(), null, "3f9a0c21d7e4"), SEMANTIC);
    cache.store(key("hours"), answer("Nine to five."), SEMANTIC);

    assertThat(cache.lookup(key(ASKED), EXACT).orElseThrow().privacyCheck()).isEqualTo("3f9a0c21d7e4");
    assertThat(cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow().checkedBy("3f9a0c21d7e4")).isTrue();
    assertThat(cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow().checkedBy("0b12c4d5e6f7"))
        .as("checked under other settings").isFalse();
    assertThat(cache.lookup(key("hours"), EXACT).orElseThrow().privacyCheck()).as("kept unchecked").isNull();
  }

  @Test
  void anEntryKeptForExactMatchesOnlyAnswersItsOwnKeyButNoParaphraseAndIsEvictedWhenItWouldHaveBeen() throws Exception {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    cache.store(key(ASKED), new CachedAnswer(answer("Use the reset link.").response(), 0.0021, "openai/gpt-4o",
        null), SEMANTIC);
    cache.store(key("hours"), answer("Nine to five."), EXACT);
    CacheHit refused = cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow();

    cache.keepForExactMatchesOnly(key("how to reset password"), refused);

    assertThat(refused.entry()).isEqualTo(key(ASKED).exact());
    assertThat(cache.lookup(key("how to reset password"), SEMANTIC)).isEmpty();
    CacheHit own = cache.lookup(key(ASKED), SEMANTIC).orElseThrow();
    assertThat(own.tier()).isEqualTo(Tier.EXACT);
    assertThat(own.response()).isEqualTo(answer("Use the reset link.").response());
    assertThat(own.servedBy()).isEqualTo("openai/gpt-4o");
    assertThat(own.storedAt()).isEqualTo(refused.storedAt());
    cache.store(key("new"), answer("C"), CacheFixture.sized(EXACT, 2));
    cache.maintain();
    assertThat(cache.lookup(key(ASKED), EXACT)).as("still the oldest").isEmpty();
    assertThat(cache.lookup(key("hours"), EXACT)).isPresent();
  }

  @Test
  void anEntryStoredAgainSinceItWasFoundIsNotKeptForExactMatchesOnly() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    cache.store(key(ASKED), answer("Use the reset link."), SEMANTIC);
    CacheHit refused = cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow();
    fixture.clock.advance(Duration.ofSeconds(1));
    cache.store(key(ASKED), answer("Use the new reset link."), SEMANTIC);

    cache.keepForExactMatchesOnly(key("how to reset password"), refused);

    assertThat(cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow().response())
        .contains("Use the new reset link.");
  }

  @Test
  void anUnknownKeyIsAMiss() {
    cache.store(key(ASKED), answer("Use the reset link."), SEMANTIC);

    assertThat(cache.lookup(key("What are your opening hours?"), SEMANTIC)).isEmpty();
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void aPromptCloseEnoughInMeaningIsASemanticHitWithItsSimilarity() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    cache.store(key(ASKED), answer("Use the reset link."), SEMANTIC);

    CacheHit hit = cache.lookup(key("how to reset password"), SEMANTIC).orElseThrow();

    assertThat(hit.tier()).isEqualTo(Tier.SEMANTIC);
    assertThat(hit.similarity()).isCloseTo(0.95, within(1e-5));
    assertThat(hit.response()).isEqualTo(answer("Use the reset link.").response());
  }

  @Test
  void aPromptBelowTheThresholdIsAMiss() {
    fixture.embedder.say("how to change my email", FakeEmbedder.near(0, 1, 0.85));
    cache.store(key(ASKED), answer("Use the reset link."), SEMANTIC);

    assertThat(cache.lookup(key("how to change my email"), SEMANTIC)).isEmpty();
  }

  @Test
  void theSamePromptUnderAnotherContextDoesNotHit() {
    cache.store(key("acme", "smart", "system-prompt-a", ASKED), answer("A"), SEMANTIC);

    assertThat(cache.lookup(key("acme", "smart", "system-prompt-b", ASKED), SEMANTIC)).isEmpty();
    assertThat(cache.lookup(key("acme", "smart", "system-prompt-a", ASKED), SEMANTIC)).isPresent();
  }

  @Test
  void anotherTenantNeverSeesAnEntryExactlyOrByMeaning() {
    cache.store(key("acme", "smart", "ctx-1", ASKED), answer("A"), SEMANTIC);

    assertThat(cache.lookup(key("globex", "smart", "ctx-1", ASKED), SEMANTIC)).isEmpty();
    assertThat(cache.lookup(key("globex", "smart", "ctx-1", ASKED), EXACT)).isEmpty();
  }

  @Test
  void tenantAndModelNamesCannotBeCraftedToReachAnotherScope() {
    cache.store(key("ab", "c", "ctx-1", ASKED), answer("A"), SEMANTIC);

    assertThat(cache.lookup(key("a", "bc", "ctx-1", ASKED), SEMANTIC)).isEmpty();
  }

  @Test
  void anotherModelNeverSeesAnEntry() {
    cache.store(key("acme", "smart", "ctx-1", ASKED), answer("A"), SEMANTIC);

    assertThat(cache.lookup(key("acme", "fast", "ctx-1", ASKED), SEMANTIC)).isEmpty();
  }

  @Test
  void anEntryExpiresWhenItsTtlEndsInBothTiers() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    cache.store(key(ASKED), answer("A"), SEMANTIC);

    fixture.clock.advance(TTL.minusMillis(1));
    assertThat(cache.lookup(key(ASKED), SEMANTIC)).isPresent();
    fixture.clock.advance(Duration.ofMillis(1));

    assertThat(cache.lookup(key(ASKED), SEMANTIC)).isEmpty();
    assertThat(cache.lookup(key("how to reset password"), SEMANTIC)).isEmpty();
    assertThat(cache.stats().entries()).isZero();
  }

  @Test
  void exactModeNeverEmbeds() {
    cache.store(key(ASKED), answer("A"), EXACT);
    cache.lookup(key(ASKED), EXACT);
    cache.lookup(key("how to reset password"), EXACT);

    assertThat(fixture.embedder.embedded()).isZero();
  }

  @Test
  void anEntryKeptInExactModeIsNotFoundByMeaning() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.99));
    cache.store(key(ASKED), answer("A"), EXACT);

    assertThat(cache.lookup(key("how to reset password"), SEMANTIC)).isEmpty();
  }

  @Test
  void storingTheAnswerToASemanticMissReusesThePromptsEmbedding() {
    assertThat(cache.lookup(key(ASKED), SEMANTIC)).isEmpty();
    cache.store(key(ASKED), answer("A"), SEMANTIC);

    assertThat(fixture.embedder.embedded()).isEqualTo(1);
    assertThat(cache.lookup(key(ASKED), SEMANTIC)).isPresent();
  }

  @Test
  void aVectorGivenByTheCallerIsUsedInsteadOfEmbedding() {
    cache.store(key(ASKED), answer("A"), SEMANTIC, FakeEmbedder.axis(3));

    CacheHit hit = cache.lookup(key("anything"), SEMANTIC, FakeEmbedder.near(3, 4, 0.97)).orElseThrow();

    assertThat(hit.similarity()).isCloseTo(0.97, within(1e-5));
    assertThat(fixture.embedder.embedded()).isZero();
  }

  @Test
  void storingAKeyAgainReplacesItsAnswer() {
    cache.store(key(ASKED), answer("old"), SEMANTIC);
    cache.store(key(ASKED), answer("new"), SEMANTIC);

    assertThat(cache.lookup(key(ASKED), SEMANTIC).orElseThrow().response()).contains("new");
    assertThat(cache.stats().entries()).isEqualTo(1);
  }

  @Test
  void offModeNeitherKeepsNorFinds() {
    cache.store(key(ASKED), answer("A"), OFF);

    assertThat(cache.lookup(key(ASKED), EXACT)).isEmpty();
    assertThat(cache.lookup(key(ASKED), OFF)).isEmpty();
    assertThat(cache.stats().entries()).isZero();
  }

  @Test
  void statsCountEntriesAndEachLookupsOutcome() {
    fixture.embedder.say("how to reset password", FakeEmbedder.near(0, 1, 0.95));
    cache.store(key(ASKED), answer("A"), SEMANTIC);
    cache.store(key("What are your opening hours?"), answer("B"), SEMANTIC);

    cache.lookup(key(ASKED), SEMANTIC);
    cache.lookup(key("how to reset password"), SEMANTIC);
    cache.lookup(key("how to reset password"), SEMANTIC);
    cache.lookup(key("Where is my parcel?"), SEMANTIC);

    assertThat(cache.stats()).isEqualTo(new CacheStats(2, 1, 2, 1));
  }
}
