package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.DataUrl;
import dev.apprentice.api.Deadline;
import dev.apprentice.api.Message;
import dev.apprentice.guard.chat.AttachedFiles;
import dev.apprentice.guard.chat.ChatTexts;
import dev.apprentice.guard.pii.PiiScanner;
import dev.apprentice.guard.secrets.SecretScanner;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A text file attached to a message ({@code file_data: data:text/plain…}) is read like a message's text: what the
 * scanners find in it is redacted inside the file, written back in the form it came in, and restored in the answer.
 */
class AttachedFilesTest {

  private static final String EMAIL = "jane.doe@example.com";

  private static InputCheck check(Action pii, Action secrets, ChatRequest request) {
    return new InputGuard(Policies.input(pii, secrets)).check(request);
  }

  static ContentPart file(String fileData) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("filename", "notes.txt");
    file.put("file_data", fileData);
    return new ContentPart("file", null, null, new LinkedHashMap<>(Map.of("file", file)));
  }

  static Message user(ContentPart... parts) {
    return new Message("user", Content.parts(List.of(parts)), null, null, null, null, null);
  }

  private static String base64(String text, Charset charset) {
    return Base64.getEncoder().encodeToString(text.getBytes(charset));
  }

  private static String sentFileData(InputCheck check) {
    Map<?, ?> file = (Map<?, ?>) check.upstream().messages().getFirst().content().parts().get(1).extra().get("file");
    return (String) file.get("file_data");
  }

  @Test
  void anAddressInsideABase64TextFileIsRedactedInBase64AndRestoredInTheAnswer() {
    String data = "data:text/plain;base64," + base64("Customer: " + EMAIL + "\nOrder 4471\n", StandardCharsets.UTF_8);

    InputCheck check = check(Action.REDACT, Action.OFF, request(user(ContentPart.text("summarise"), file(data))));

    String sent = sentFileData(check);
    assertThat(sent).startsWith("data:text/plain;base64,").doesNotContain(EMAIL);
    assertThat(DataUrl.parse(sent).text()).isEqualTo("Customer: <EMAIL_1>\nOrder 4471\n");
    assertThat(check.verdicts().getFirst().findings()).containsEntry("EMAIL_ADDRESS", 1);
    assertThat(check.forTrace()).isEqualTo(check.upstream());
    assertThat(check.callerText()).contains(EMAIL);
    assertThat(OutputGuard.restore(answer("The customer is <EMAIL_1>."), check.session()).text())
        .isEqualTo("The customer is " + EMAIL + ".");
  }

  @Test
  void aPercentEncodedFileStaysPercentEncoded() {
    String data = "data:text/plain,Customer%3A%20jane.doe%40example.com%2C%201+1%0A";

    String sent = sentFileData(check(Action.REDACT, Action.OFF, request(user(ContentPart.text("read"), file(data)))));

    assertThat(sent).doesNotContain("jane.doe").doesNotContain("base64").startsWith("data:text/plain,");
    assertThat(DataUrl.parse(sent).text()).isEqualTo("Customer: <EMAIL_1>, 1+1\n");
  }

  @Test
  void aFileInItsOwnCharsetIsWrittenBackInThatCharset() {
    String text = "Client : " + EMAIL + ", café crème\n";
    String data = "data:text/plain;charset=ISO-8859-1;base64," + base64(text, StandardCharsets.ISO_8859_1);

    String sent = sentFileData(check(Action.REDACT, Action.OFF, request(user(ContentPart.text("read"), file(data)))));

    assertThat(sent).isEqualTo("data:text/plain;charset=ISO-8859-1;base64,"
        + base64("Client : <EMAIL_1>, café crème\n", StandardCharsets.ISO_8859_1));
  }

  @Test
  void aFileWithNothingToRedactIsSentAsItCameWhileTheMessageBesideItIsRedacted() {
    String data = "data:text/plain;base64,T3JkZXIgNDQ3MQo=";

    InputCheck check = check(Action.REDACT, Action.OFF, request(user(ContentPart.text("mail " + EMAIL), file(data))));

    assertThat(check.redacted()).isTrue();
    assertThat(sentFileData(check)).isEqualTo(data);
  }

  @Test
  void aSecretInAnAttachedFileBlocksAsInAMessageAndTheTraceKeepsTheFileRedacted() {
    String key = "sk-" + "C3J27XDCG2LmlZGEONYlgCtjfIZ4SOcMz9CPVNPkNa1Hedcm";
    String data = "data:text/plain;base64," + base64("OPENAI_API_KEY=" + key + "\nowner " + EMAIL,
        StandardCharsets.UTF_8);

    InputCheck check = check(Action.REDACT, Action.BLOCK, request(user(ContentPart.text("fix my config"), file(data))));

    assertThat(check.blocked()).isTrue();
    assertThat(check.blockedMessage()).isEqualTo("The request was blocked by a guardrail: scanner 'secrets' found 1"
        + " SECRET.");
    Map<?, ?> traced = (Map<?, ?>) check.forTrace().messages().getFirst().content().parts().get(1).extra().get("file");
    String tracedText = DataUrl.parse((String) traced.get("file_data")).text();
    assertThat(tracedText).doesNotContain(key).doesNotContain(EMAIL).contains("<EMAIL_1>");
  }

  @Test
  void anAttachedFilesTextIsReadAsAnAttachmentUnlessTheOperatorAttachedIt() {
    String data = "data:text/plain,hello";
    Message system = new Message("system", Content.parts(List.of(file(data))), null, null, null, null, null);
    Message tool = new Message("tool", Content.parts(List.of(file(data))), null, null, "call_1", null, null);

    List<ChatTexts.Text> texts = ChatTexts.of(request(system, user(file(data)), tool));

    assertThat(texts).filteredOn(t -> t.value().equals("hello")).extracting(ChatTexts.Text::origin)
        .containsExactly(dev.apprentice.guard.Origin.INSTRUCTIONS, dev.apprentice.guard.Origin.ATTACHMENT,
            dev.apprentice.guard.Origin.ATTACHMENT);
  }

  @Test
  void eachAttachedFileIsDecodedOnceForTheScanTheUnreadableCheckTheRedactionAndTheDocumentsBesideIt() {
    String data = "data:text/plain;base64," + base64("Customer: " + EMAIL + "\n", StandardCharsets.UTF_8);
    int[] decoded = {0};
    AttachedFiles files = new AttachedFiles(url -> {
      decoded[0]++;
      return url.text();
    });
    GuardPolicy policy = new GuardPolicy(Map.of("pii", Action.REDACT), Action.OFF, Action.OFF, false, true,
        Map.of("pii", new PiiScanner()));
    CallScanners call = new CallScanners(policy, Deadline.NONE, files);

    InputCheck check = new InputGuard(policy).check(request(user(ContentPart.text("read"), file(data))), call);
    InputGuard.beside(check.upstream(), files); // the retrieved documents' pass reads the redacted request

    assertThat(DataUrl.parse(sentFileData(check)).text()).isEqualTo("Customer: <EMAIL_1>\n");
    assertThat(decoded[0]).isEqualTo(1);
  }

  @Test
  void aRefusedCallDecodesItsFileOnceForTheScanTheUnreadableCheckAndTheTracedCopy() {
    String data = "data:text/plain;base64," + base64("key sk-" + "C3J27XDCG2LmlZGEONYlgCtjfIZ4SOcMz9CPVNPkNa1Hedcm",
        StandardCharsets.UTF_8);
    int[] decoded = {0};
    AttachedFiles files = new AttachedFiles(url -> {
      decoded[0]++;
      return url.text();
    });
    GuardPolicy policy = new GuardPolicy(Map.of("secrets", Action.BLOCK), Action.OFF, Action.OFF, false, true,
        Map.of("secrets", new SecretScanner()));

    InputCheck check = new InputGuard(policy).check(request(user(ContentPart.text("read"), file(data))),
        new CallScanners(policy, Deadline.NONE, files));

    assertThat(check.blocked()).isTrue();
    assertThat(decoded[0]).isEqualTo(1);
  }
}
