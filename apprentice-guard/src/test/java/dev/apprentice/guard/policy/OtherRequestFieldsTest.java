package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Texts outside message content are read too: a message's {@code name}, a legacy {@code function_call}'s arguments,
 * the {@code prediction} content, the request's {@code user} and its {@code metadata}. Nothing of them reaches the
 * upstream (nor a trace) unredacted, and a legacy function call in the answer is restored.
 */
class OtherRequestFieldsTest {

  private static final String EMAIL = "jane.doe@example.com";
  /** Built at run time so that no token-shaped literal sits in the sources; never a real credential. */
  private static final String TOKEN = "gh" + "p_" + new StringBuilder("5Az3Yx1Wv9Ut7Sr5Qp3Nm1Lk9Jh7Gf5Ed3Ba").reverse();

  private static ChatRequest request(List<Message> messages, String user, Map<String, Object> metadata,
      Map<String, Object> extra) {
    return ChatRequest.builder().model("m").messages(messages).user(user).metadata(metadata)
        .extra(new LinkedHashMap<>(extra)).build();
  }

  private static InputCheck redact(ChatRequest request) {
    return new InputGuard(Policies.input(Action.REDACT, Action.BLOCK)).check(request);
  }

  @Test
  void aMessageNameAndALegacyFunctionCallAreRedacted() {
    Message named = new Message("user", Content.text("hello"), EMAIL, null, null, null, null);
    Message legacy = new Message("assistant", null, null, null, null, null, new LinkedHashMap<>(Map.of("function_call",
        Map.of("name", "send", "arguments", "{\"to\":\"" + EMAIL + "\"}"))));

    ChatRequest sent = redact(request(List.of(named, legacy), null, null, Map.of())).upstream();

    assertThat(sent.messages().get(0).name()).isEqualTo("<EMAIL_1>");
    assertThat(sent.messages().get(1).extra().get("function_call"))
        .isEqualTo(Map.of("name", "send", "arguments", "{\"to\":\"<EMAIL_1>\"}"));
  }

  @Test
  void thePredictedContentAsTextOrPartsIsRedacted() {
    ChatRequest asText = request(List.of(Message.user("edit it")), null, null,
        Map.of("prediction", Map.of("type", "content", "content", "Dear " + EMAIL)));
    ChatRequest asParts = request(List.of(Message.user("edit it")), null, null,
        Map.of("prediction", Map.of("type", "content", "content", List.of(Map.of("type", "text", "text", EMAIL)))));

    assertThat(redact(asText).upstream().extra().get("prediction").toString()).contains("Dear <EMAIL_1>")
        .doesNotContain(EMAIL);
    assertThat(redact(asParts).upstream().extra().get("prediction").toString()).contains("<EMAIL_1>")
        .doesNotContain(EMAIL);
  }

  @Test
  void theUserAndEveryStringOfTheMetadataAreReadLikeTheCallersTexts() {
    ChatRequest request = request(List.of(Message.user("hi")), EMAIL,
        Map.of("customer", Map.of("contact", EMAIL), "ticket", "T-1"), Map.of());

    InputCheck check = redact(request);

    assertThat(check.upstream().user()).isEqualTo("<EMAIL_1>");
    assertThat(check.upstream().metadata()).isEqualTo(Map.of("customer", Map.of("contact", "<EMAIL_1>"), "ticket", "T-1"));
    assertThat(check.forTrace().user()).isEqualTo("<EMAIL_1>");
    assertThat(redact(request(List.of(Message.user("hi")), null, Map.of("deploy", TOKEN), Map.of())).blocked()).isTrue();
  }

  @Test
  void aLegacyFunctionCallInTheAnswerIsRestored() {
    InputCheck check = redact(request(List.of(Message.user("mail " + EMAIL)), null, null, Map.of()));
    Message called = new Message("assistant", null, null, null, null, null, new LinkedHashMap<>(Map.of("function_call",
        Map.of("name", "send", "arguments", "{\"to\":\"<EMAIL_1>\"}"))));

    Message restored = OutputGuard.restore(answer(called), check.session()).choices().getFirst().message();

    assertThat(restored.extra().get("function_call").toString()).contains(EMAIL);
  }
}
