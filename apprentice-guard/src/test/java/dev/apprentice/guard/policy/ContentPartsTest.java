package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A message's text parts are read as the model reads them, joined; and the other parts that can carry a value (an
 * image's URL, a refusal, a file's name) are read too, as are the request's stop strings and metadata numbers.
 */
class ContentPartsTest {

  private static InputCheck check(Action pii, ChatRequest request) {
    return new InputGuard(Policies.input(pii, Action.OFF)).check(request);
  }

  private static Message user(ContentPart... parts) {
    return new Message("user", Content.parts(List.of(parts)), null, null, null, null, null);
  }

  private static List<String> texts(Message message) {
    return message.content().parts().stream().map(ContentPart::text).toList();
  }

  private static ContentPart part(String type, String field, Object value) {
    return new ContentPart(type, null, null, new LinkedHashMap<>(Map.of(field, value)));
  }

  @Test
  void valuesSplitAcrossTextPartsAreFoundAndEachPartLosesItsShare() {
    Message split = user(ContentPart.text("mail jane.doe@"), ContentPart.text("example.com card 4111 1111"),
        ContentPart.text(" 1111 1111"));

    InputCheck check = check(Action.REDACT, request(split));

    List<String> sent = texts(check.upstream().messages().getFirst());
    assertThat(sent).containsExactly("mail <EMAIL_1>", " card <CREDIT_CARD_1>", "");
    assertThat(String.join("", sent)).isEqualTo("mail <EMAIL_1> card <CREDIT_CARD_1>");
    assertThat(check.verdicts().getFirst().findings()).containsEntry("EMAIL_ADDRESS", 1).containsEntry("CREDIT_CARD", 1);
    assertThat(check.session().placeholders()).containsEntry("<EMAIL_1>", "jane.doe@example.com")
        .containsEntry("<CREDIT_CARD_1>", "4111 1111 1111 1111");
    assertThat(OutputGuard.restore(answer("Sent to <EMAIL_1>."), check.session()).text())
        .isEqualTo("Sent to jane.doe@example.com.");
  }

  @Test
  void aValueSplitAcrossTextPartsBlocksAndItsOwnerIsNotAskedAboutItAgainInTheAnswer() {
    Message split = user(ContentPart.text("mail jane.doe@"), ContentPart.text("example.com please"));

    assertThat(check(Action.BLOCK, request(split)).blocked()).isTrue();
    assertThat(check(Action.FLAG, request(split)).callerText()).contains("jane.doe@example.com");
  }

  @Test
  void anImageUrlIsReadForTheValuesInItButItsOwnAddressIsNoValue() {
    String url = "https://img.example.com/?email=gina@x.org&card=4111111111111111";
    String encoded = "https://img.example.com/p/gina%40x.org/photo.png";
    String data = "data:image/png;base64,iVBORw0KGgo=";
    ChatRequest request = request(user(ContentPart.text("what is this?"), ContentPart.image(url),
        ContentPart.image(encoded), ContentPart.image(data)));

    InputCheck check = check(Action.REDACT, request);

    List<ContentPart> sent = check.upstream().messages().getFirst().content().parts();
    assertThat(sent.get(1).imageUrl().url()).isEqualTo("https://img.example.com/?email=<EMAIL_1>&card=<CREDIT_CARD_1>");
    assertThat(sent.get(2).imageUrl().url()).isEqualTo("https://img.example.com/p/<EMAIL_1>/photo.png");
    assertThat(sent.get(3).imageUrl().url()).isEqualTo(data);
    assertThat(check.verdicts().getFirst().findings()).doesNotContainKey("URL");
    InputCheck plain = check(Action.BLOCK, request(user(ContentPart.image("https://img.example.com/cat.png"))));
    assertThat(plain.blocked()).isFalse();
    assertThat(plain.verdicts().getFirst().action()).isEqualTo("pass");
  }

  @Test
  void aValueInALinkEncodedInAnImageUrlsQueryIsRedactedRatherThanHiddenInsideThatLink() {
    String url = "https://img.example.com/r?to=https%3A%2F%2Fcrm.example.com%2Fu%2Fgina%40x.org&p=%2B14155552671";

    InputCheck check = check(Action.REDACT, request(user(ContentPart.text("what is this?"), ContentPart.image(url))));

    assertThat(check.upstream().messages().getFirst().content().parts().get(1).imageUrl().url())
        .isEqualTo("https://img.example.com/r?to=https%3A%2F%2Fcrm.example.com%2Fu%2F<EMAIL_1>&p=<PHONE_NUMBER_1>");
    assertThat(check.session().placeholders()).containsEntry("<EMAIL_1>", "gina@x.org")
        .containsEntry("<PHONE_NUMBER_1>", "+14155552671");
  }

  @Test
  void aRefusalPartAndAFilesNameAreRedactedAndTheFilesDataIsLeftAsItIs() {
    Message refused = new Message("assistant", Content.parts(List.of(part("refusal", "refusal",
        "I will not mail gina@x.org"))), null, null, null, null, null);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("filename", "invoice gina@x.org 2024.pdf");
    file.put("file_data", "data:application/pdf;base64,JVBERi0xLjQK");
    Message filed = user(ContentPart.text("summarise it"), part("file", "file", file));

    InputCheck check = check(Action.REDACT, request(refused, filed));

    assertThat(check.upstream().messages().get(0).content().parts().getFirst().extra())
        .containsEntry("refusal", "I will not mail <EMAIL_1>");
    assertThat(check.upstream().messages().get(1).content().parts().get(1).extra().get("file"))
        .isEqualTo(Map.of("filename", "invoice <EMAIL_1> 2024.pdf", "file_data", "data:application/pdf;base64,JVBERi0xLjQK"));
  }

  @Test
  void stopStringsAndMetadataNumbersAreRedactedLikeTheOtherFieldsAboutTheCall() {
    ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.user("hello")))
        .stop(List.of("gina@x.org", "END")).metadata(Map.of("card", 4111111111111111L, "count", 3)).build();

    InputCheck check = check(Action.REDACT, request);

    assertThat(check.upstream().stop()).isEqualTo(List.of("<EMAIL_1>", "END"));
    assertThat(check.upstream().metadata()).isEqualTo(Map.of("card", "<CREDIT_CARD_1>", "count", 3));
    ChatRequest single = ChatRequest.builder().model("m").messages(List.of(Message.user("hello"))).stop("gina@x.org")
        .build();
    assertThat(check(Action.REDACT, single).upstream().stop()).isEqualTo("<EMAIL_1>");
  }
}
