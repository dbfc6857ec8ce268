package dev.apprentice.guard.policy;

import static dev.apprentice.guard.Chats.answer;
import static dev.apprentice.guard.Chats.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.guard.output.JsonSchemaCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An answer asked to be JSON gets restored values escaped for JSON in its content: a key block's line breaks or a
 * quote must not turn the JSON the caller asked for into text that no longer parses.
 */
class JsonAnswerRestoreTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Built at run time so that no key-shaped literal sits in the sources; never a real key. */
  private static final String KEY = "-----BEGIN " + "PRIVATE " + "KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"
      + "bm90IGEgcmVhbCBrZXkgYXQgYWxsIG5v\n-----END " + "PRIVATE " + "KEY-----";

  private static String restored(Map<String, Object> responseFormat) {
    GuardPolicy policy = Policies.input(Action.OFF, Action.REDACT);
    ChatRequest request = request(responseFormat, Message.user("Store this key:\n" + KEY));
    InputCheck in = new InputGuard(policy).check(request);
    assertThat(in.upstream().messages().getFirst().text()).isEqualTo("Store this key:\n<SECRET_1>");
    return new OutputGuard(policy, new JsonSchemaCheck())
        .check(request, in, answer("{\"stored\": \"<SECRET_1>\"}"), false, false).forCaller().text();
  }

  @Test
  void aRestoredKeyBlockKeepsAJsonObjectAnswerValidJson() throws Exception {
    assertThat(JSON.readTree(restored(Map.of("type", "json_object"))).path("stored").asText()).isEqualTo(KEY);
  }

  @Test
  void anAnswerNotAskedToBeJsonGetsTheValueAsItWas() {
    assertThat(restored(Map.of("type", "text"))).isEqualTo("{\"stored\": \"" + KEY + "\"}");
  }
}
