package dev.apprentice.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.cache.CacheKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

  private static ChatRequest request(List<Message> messages, Boolean stream, Integer n, String user,
      Map<String, Object> responseFormat) {
    return ChatRequest.builder().model("smart").messages(messages).stream(stream).temperature(0.0).n(n)
        .responseFormat(responseFormat).user(user).build();
  }

  private static CacheKey key(ChatRequest r) {
    return CacheKeys.of("acme", "smart", r);
  }

  @Test
  void aLastTurnNamingOtherPlaceholdersIsComparedOnlyWithThoseNamingTheSameOnes() {
    CacheKey named = key(request(List.of(Message.user("write to <EMAIL_1> about my refund")), null, null, null, null));
    CacheKey renamed = key(request(List.of(Message.user("mail <EMAIL_1> regarding my refund")), null, null, null, null));
    CacheKey unnamed = key(request(List.of(Message.user("write to the team about my refund")), null, null, null, null));
    CacheKey other = key(request(List.of(Message.user("write to <IP_ADDRESS_1> about my refund")), null, null, null,
        null));
    CacheKey twice = key(request(List.of(Message.user("<EMAIL_1>, write to <EMAIL_1>")), null, null, null, null));
    CacheKey plain = key(request(List.of(Message.user("<EMAIL_1>, write to them")), null, null, null, null));

    assertThat(renamed.context()).isEqualTo(named.context());
    assertThat(unnamed.context()).isNotEqualTo(named.context());
    assertThat(other.context()).isNotEqualTo(named.context()).isNotEqualTo(unnamed.context());
    assertThat(twice.context()).as("each placeholder counts once").isEqualTo(plain.context());
  }

  @Test
  void aLastTurnNamingOtherNumbersIsComparedOnlyWithThoseNamingTheSameOnes() {
    CacheKey y2025 = key(request(List.of(Message.user("When does my card expire in 2025?")), null, null, null, null));
    CacheKey y2027 = key(request(List.of(Message.user("When does my card expire in 2027?")), null, null, null, null));
    CacheKey none = key(request(List.of(Message.user("When does my card expire?")), null, null, null, null));
    CacheKey reworded = key(request(List.of(Message.user("In 2025, when will my card expire?")), null, null, null,
        null));
    CacheKey amount = key(request(List.of(Message.user("Send 1,000.50 to savings")), null, null, null, null));
    CacheKey otherAmount = key(request(List.of(Message.user("Send 1,000.55 to savings")), null, null, null, null));

    assertThat(y2027.context()).isNotEqualTo(y2025.context()).isNotEqualTo(none.context());
    assertThat(reworded.context()).as("the same numbers, worded otherwise").isEqualTo(y2025.context());
    assertThat(otherAmount.context()).as("an amount is one number").isNotEqualTo(amount.context());
  }

  @Test
  void theSameNumbersInAnotherOrderAreOtherNumbers() {
    CacheKey mayFirst = key(request(List.of(Message.user("Is 05/01/2026 a bank holiday?")), null, null, null, null));
    CacheKey januaryFifth = key(request(List.of(Message.user("Is 01/05/2026 a bank holiday?")), null, null, null,
        null));
    CacheKey card = key(request(List.of(Message.user("Block card 4242 4242 4242 1234")), null, null, null, null));
    CacheKey otherCard = key(request(List.of(Message.user("Block card 1234 4242 4242 4242")), null, null, null, null));

    assertThat(januaryFifth.context()).as("a day and a month swapped").isNotEqualTo(mayFirst.context());
    assertThat(otherCard.context()).as("a card number's groups reordered").isNotEqualTo(card.context());
  }

  @Test
  void aLastTurnOfThousandsOfNumbersJoinedByCommasIsReadAsOneNumber() {
    String row = "12,".repeat(100_000) + "7";

    assertThat(CacheKeys.numbers("the amounts: " + row + " in total")).containsExactly(row);
  }

  @Test
  void thePlaceholdersDigitsAreNoNumbersOfTheLastTurn() {
    assertThat(CacheKeys.numbers("write to <EMAIL_1> and <PHONE_NUMBER_2> about card 4242")).containsExactly("4242");
  }

  @Test
  void aLastTurnNegatedIsComparedOnlyWithThoseNegatedAsOften() {
    CacheKey cancel = key(request(List.of(Message.user("Can I cancel my card?")), null, null, null, null));
    CacheKey notCancel = key(request(List.of(Message.user("Can I not cancel my card?")), null, null, null, null));
    CacheKey cannotCancel = key(request(List.of(Message.user("Why can't I cancel my card?")), null, null, null,
        null));
    CacheKey sent = key(request(List.of(Message.user("Why was my transfer sent?")), null, null, null, null));
    CacheKey notSent = key(request(List.of(Message.user("Why was my transfer not sent?")), null, null, null, null));
    CacheKey twice = key(request(List.of(Message.user("I can't log in, can I not reset my password?")), null, null,
        null, null));
    CacheKey once = key(request(List.of(Message.user("I can't log in, can I reset my password?")), null, null,
        null, null));

    assertThat(notCancel.context()).isNotEqualTo(cancel.context());
    assertThat(cannotCancel.context()).as("negated as often, worded otherwise").isEqualTo(notCancel.context());
    assertThat(notSent.context()).isNotEqualTo(sent.context());
    assertThat(twice.context()).as("a second negation").isNotEqualTo(once.context());
  }

  @Test
  void negationWordsAreCountedWholeInAnyCaseInTheLanguagesOfEurope() {
    assertThat(Negations.count("NOT now, Nobody, NEVER")).isEqualTo(3);
    assertThat(Negations.count("don't, doesn\u2019t, didnt, won´t, cannot")).isEqualTo(5);
    assertThat(Negations.count("Warum ist keine Karte da, nicht einmal eine?")).isEqualTo(2);
    assertThat(Negations.count("Je n'ai pas reçu ma carte, jamais")).isEqualTo(3);
    assertThat(Negations.count("No he recibido nada; non è arrivata; NÃO chegou; ik heb geen kaart")).isEqualTo(5);
    assertThat(Negations.count("Nothingness, notice, annotate, knot, nonce, canto, pasta, Neon, nein_ja"))
        .as("inside other words").isZero();
  }

  @Test
  void aGuardsPlaceholdersHoldNoNegationWord() {
    assertThat(Negations.count("write to <NO_1> and <NOT_2> about <IBAN_NICHT_3>")).isZero();
  }

  @Test
  void wordsOfAMillionLettersAreReadWithoutOverflowingTheStack() {
    String word = "n".repeat(1_000_000);

    assertThat(Negations.count(word + " not " + word + "n't")).isEqualTo(2);
  }

  @Test
  void streamUserAndADefaultNDoNotChangeTheExactKey() {
    List<Message> messages = List.of(Message.user("How do I reset my card PIN?"));
    CacheKey plain = key(request(messages, null, null, null, null));
    CacheKey other = key(request(messages, true, 1, "someone", null));
    assertThat(other.exact()).isEqualTo(plain.exact());
  }

  @Test
  void theEndUsersSafetyIdentifierThePromptCacheKeyAndTheServiceTierDoNotChangeEitherKey() {
    List<Message> messages = List.of(Message.user("How do I reset my card PIN?"));
    CacheKey plain = key(request(messages, null, null, null, null));
    ChatRequest routed = request(messages, null, null, null, null);
    routed.extra().putAll(Map.of("safety_identifier", "user-4711", "prompt_cache_key", "support-v2",
        "service_tier", "flex"));
    assertThat(key(routed).exact()).isEqualTo(plain.exact());
    assertThat(key(routed).context()).isEqualTo(plain.context());
  }

  @Test
  void aFieldThatChangesTheAnswerPassedThroughUntypedStillChangesTheKey() {
    List<Message> messages = List.of(Message.user("How do I reset my card PIN?"));
    ChatRequest effortful = request(messages, null, null, null, null);
    effortful.extra().put("reasoning_effort", "high");
    assertThat(key(effortful).exact()).isNotEqualTo(key(request(messages, null, null, null, null)).exact());
  }

  @Test
  void theOrderOfKeysInsideAParameterDoesNotChangeTheExactKey() {
    List<Message> messages = List.of(Message.user("hi"));
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("type", "json_object");
    ab.put("strict", true);
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("strict", true);
    ba.put("type", "json_object");
    assertThat(key(request(messages, null, null, null, ab)).exact())
        .isEqualTo(key(request(messages, null, null, null, ba)).exact());
  }

  @Test
  void anotherSystemPromptChangesTheContextButNotTheSemanticPrompt() {
    CacheKey support = key(request(List.of(Message.system("You are a bank's support agent."),
        Message.user("How do I reset my PIN?")), null, null, null, null));
    CacheKey pirate = key(request(List.of(Message.system("Answer like a pirate."),
        Message.user("How do I reset my PIN?")), null, null, null, null));
    assertThat(pirate.context()).isNotEqualTo(support.context());
    assertThat(pirate.exact()).isNotEqualTo(support.exact());
    assertThat(pirate.prompt()).isEqualTo(support.prompt()).isEqualTo("How do I reset my PIN?");
  }

  @Test
  void theSameQuestionFromAnotherNamedSpeakerHasAnotherContextSoItIsNeverASemanticMatch() {
    Message alice = new Message("user", Message.user("What's my name?").content(), "alice", null, null, null, null);
    Message bob = new Message("user", Message.user("What's my name?").content(), "bob", null, null, null, null);
    CacheKey asAlice = key(request(List.of(alice), null, null, null, null));
    CacheKey asBob = key(request(List.of(bob), null, null, null, null));
    assertThat(asBob.context()).isNotEqualTo(asAlice.context());
    assertThat(asBob.exact()).isNotEqualTo(asAlice.exact());
  }

  @Test
  void theLastUserTurnIsLeftOutOfTheContext() {
    CacheKey first = key(request(List.of(Message.user("How do I reset my PIN?")), null, null, null, null));
    CacheKey paraphrase = key(request(List.of(Message.user("I forgot my PIN, how can I change it")), null, null,
        null, null));
    assertThat(paraphrase.context()).isEqualTo(first.context());
    assertThat(paraphrase.exact()).isNotEqualTo(first.exact());
  }

  @Test
  void aSamplingParameterChangesBothKeys() {
    List<Message> messages = List.of(Message.user("hi"));
    ChatRequest cold = request(messages, null, null, null, null);
    ChatRequest warm = ChatRequest.builder().model("smart").messages(messages).temperature(0.7).build();
    assertThat(key(warm).exact()).isNotEqualTo(key(cold).exact());
    assertThat(key(warm).context()).isNotEqualTo(key(cold).context());
  }

  @Test
  void aLastTurnOfTextPartsAloneIsPlainTextToTheSemanticTierButOneWithAnImageIsNot() {
    Message parts = new Message("user", Content.parts(List.of(ContentPart.text("How do I reset"),
        ContentPart.text("my PIN?"))), null, null, null, null, null);
    Message withImage = new Message("user", Content.parts(List.of(ContentPart.text("What is this?"),
        ContentPart.image("https://example.com/card.png"))), null, null, null, null, null);

    assertThat(key(request(List.of(parts), null, null, null, null)).prompt()).isEqualTo("How do I reset\nmy PIN?");
    assertThat(key(request(List.of(withImage), null, null, null, null)).prompt()).isEmpty();
  }

  @Test
  void aConversationEndingInAToolResultHasNoSemanticPrompt() {
    CacheKey key = key(request(List.of(Message.user("weather?"), Message.tool("call_1", "sunny")), null, null, null,
        null));
    assertThat(key.prompt()).isEmpty();
  }
}
