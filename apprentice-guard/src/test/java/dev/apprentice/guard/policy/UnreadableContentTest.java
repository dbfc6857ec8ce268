package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.request;
import static dev.apprentice.guard.policy.AttachedFilesTest.file;
import static dev.apprentice.guard.policy.AttachedFilesTest.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.secrets.SecretScanner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Content the scanners cannot read (a PDF, an image or audio sent as data, a file sent by {@code file_id}) goes through
 * unread by default, and is refused under {@code unreadable: block} on a guard that redacts or blocks.
 */
class UnreadableContentTest {

  private static final String PDF = "data:application/pdf;base64,JVBERi0xLjQK";

  private static GuardPolicy policy(Action pii, boolean blockUnreadable) {
    Map<String, Action> input = new LinkedHashMap<>();
    input.put("pii", pii);
    input.put("secrets", Action.OFF);
    return new GuardPolicy(input, Action.OFF, Action.OFF, false, blockUnreadable,
        Map.of("pii", new PiiScanner(), "secrets", new SecretScanner()));
  }

  private static ContentPart part(String type, String field, Object value) {
    return new ContentPart(type, null, null, new LinkedHashMap<>(Map.of(field, value)));
  }

  private static ChatRequest withPdf() {
    return request(Message.system("be brief"), Message.user("hello"),
        user(ContentPart.text("summarise it for jane.doe@example.com"), file(PDF)));
  }

  @Test
  void aPdfGoesThroughUnreadByDefault() {
    InputCheck check = new InputGuard(policy(Action.REDACT, false)).check(withPdf());

    assertThat(check.blocked()).isFalse();
    assertThat(check.verdicts()).extracting(GuardVerdict::scanner).containsExactly("pii");
    Map<?, ?> sent = (Map<?, ?>) check.upstream().messages().get(2).content().parts().get(1).extra().get("file");
    assertThat(sent.get("file_data")).isEqualTo(PDF);
  }

  @Test
  void underBlockAPdfIsRefusedNamingThePartWithAVerdictOfItsOwnAndTheTraceRedacted() {
    InputCheck check = new InputGuard(policy(Action.REDACT, true)).check(withPdf());

    assertThat(check.blocked()).isTrue();
    assertThat(check.blockedMessage()).isEqualTo("The request was blocked by a guardrail: messages[2].content[1] is a"
        + " file of type application/pdf: content the guard cannot read (input.unreadable: block).");
    assertThat(check.blockedParam()).isEqualTo("messages[2].content[1]");
    GuardVerdict verdict = check.verdicts().getLast();
    assertThat(verdict.scanner()).isEqualTo("unreadable");
    assertThat(verdict.action()).isEqualTo("block");
    assertThat(verdict.findings()).isEqualTo(Map.of("FILE", 1));
    assertThat(check.forTrace().messages().get(2).content().parts().getFirst().text())
        .isEqualTo("summarise it for <EMAIL_1>");
  }

  @Test
  void everyKindOfUnreadablePartIsNamedTheFirstThreeInFullAndAReadableTextFileIsNotAmongThem() {
    ChatRequest request = request(user(ContentPart.text("look"), file("data:text/plain,fine"),
        ContentPart.image("data:image/png;base64,iVBORw0KGgo="), ContentPart.image("https://img.example.com/cat.png"),
        part("input_audio", "input_audio", Map.of("data", "UklGRg==", "format", "wav")),
        part("file", "file", Map.of("file_id", "file-abc123")), file(PDF), part("video_url", "video_url", Map.of())));

    InputCheck check = new InputGuard(policy(Action.BLOCK, true)).check(request);

    assertThat(check.blockedMessage()).isEqualTo("The request was blocked by a guardrail: messages[0].content[2] is"
        + " an image sent as data (image/png), messages[0].content[4] is audio (input_audio), messages[0].content[5]"
        + " is a file sent by file_id and 2 more such parts: content the guard cannot read (input.unreadable: block).");
    assertThat(check.verdicts().getLast().findings())
        .isEqualTo(Map.of("IMAGE", 1, "AUDIO", 1, "FILE_ID", 1, "FILE", 1, "PART", 1));
  }

  @Test
  void aScannersBlockAndUnreadableContentAreBothNamed() {
    InputCheck check = new InputGuard(policy(Action.BLOCK, true)).check(withPdf());

    assertThat(check.blockedMessage()).isEqualTo("The request was blocked by a guardrail: scanner 'pii' found 1"
        + " EMAIL_ADDRESS; messages[2].content[1] is a file of type application/pdf: content the guard cannot read"
        + " (input.unreadable: block).");
  }

  @Test
  void aGuardThatOnlyFlagsRefusesNothingItCannotRead() {
    InputCheck check = new InputGuard(policy(Action.FLAG, true)).check(withPdf());

    assertThat(check.blocked()).isFalse();
    assertThat(check.verdicts()).extracting(GuardVerdict::scanner).containsExactly("pii");
  }

  @Test
  void aTextFileThatDoesNotDecodeIsUnreadableAndAMediaTypeThatIsNoneIsNotQuoted() {
    ChatRequest request = request(user(file("data:text/plain;base64,not base64!"),
        file("data:jane.doe@example.com;base64,aGk=")));

    InputCheck check = new InputGuard(policy(Action.REDACT, true)).check(request);

    assertThat(check.blockedMessage()).contains("messages[0].content[0] is a text file whose file_data does not decode")
        .contains("messages[0].content[1] is a file of an unknown media type").doesNotContain("jane.doe");
    assertThat(check.forTrace().messages().getFirst().content().parts()).hasSize(2);
  }

  @Test
  void aConversationWithOnlyReadableContentIsNotRefused() {
    ChatRequest request = request(user(ContentPart.text("look"), ContentPart.image("https://img.example.com/a.png"),
        file("data:text/plain;base64,aGVsbG8=")), Message.assistant("hi"));

    assertThat(new InputGuard(policy(Action.REDACT, true)).check(request).blocked()).isFalse();
  }
}
