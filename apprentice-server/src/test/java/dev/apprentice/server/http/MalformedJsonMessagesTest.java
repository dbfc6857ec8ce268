package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a client reads about JSON it got wrong: plain words and the place, never the parser's own settings. */
class MalformedJsonMessagesTest {

  private static final String DEEP = "[".repeat(1001) + "]".repeat(1001);
  private final RequestBodies bodies = new RequestBodies(1 << 20);

  @Test
  void nanIsNotAJsonNumberAndTheMessageSaysWhere() {
    GatewayException e = refused("{\"model\":\"m\",\"temperature\":NaN}", ChatRequest.class);

    assertThat(e.getMessage()).isEqualTo("malformed JSON in the request body: NaN is not a JSON number (line 1, column 31)");
    assertThat(e.param()).isNull();
  }

  @Test
  void nestingTooDeepIsSaidPlainlyWithItsPlaceWhereverItIs() {
    for (Class<?> type : new Class<?>[] {ChatRequest.class, JsonNode.class}) {
      GatewayException e = refused("{\"model\":\"m\",\"x\":" + DEEP + "}", type);

      assertThat(e.getMessage()).as(type.getSimpleName())
          .isEqualTo("malformed JSON in the request body: nested deeper than 1000 levels (line 1, column 1018)");
      assertThat(e.param()).as(type.getSimpleName()).isNull();
    }
  }

  @Test
  void aSecondValueAfterTheObjectIsMalformedJsonNotAWrongType() {
    assertThat(refused("{\"model\":\"m\"} {}", ChatRequest.class).getMessage())
        .isEqualTo("malformed JSON in the request body: unexpected content after the end of the JSON value (line 1, column 15)");
  }

  @Test
  void noMessageNamesTheParsersSettingsLimitsOrTokenTypes() {
    String[] bad = {
      "{\"t\":Infinity}", "{\"t\":-Infinity}", "{\"t\":+1}", "{\"t\":1 /* c */}", "{\"t\":1 // c\n}",
      "{\"t\":1" + "0".repeat(1001) + "}", "{\"" + "k".repeat(50_001) + "\":1}", "{\"t\":\"open", "{\"t\":" + DEEP + "}",
      "{\"model\":\"m\"} x", "{\"model\":\"m\"} {}"};
    for (String body : bad) {
      for (Class<?> type : new Class<?>[] {ChatRequest.class, JsonNode.class}) {
        String message = refused(body, type).getMessage();
        assertThat(message).as(body.substring(0, Math.min(body.length(), 40)))
            .startsWith("malformed JSON in the request body: ").contains("(line 1, column ")
            .doesNotContain("`").doesNotContain("Feature").doesNotContain("Constraints").doesNotContain("VALUE_")
            .doesNotContain("enable");
      }
    }
  }

  @Test
  void plusSignsCommentsAndLongNumbersAreSaidPlainly() {
    assertThat(refused("{\"t\":+1}", JsonNode.class).getMessage()).contains("a JSON number cannot start with '+'");
    assertThat(refused("{\"t\":1 // c\n}", JsonNode.class).getMessage()).contains("comments are not allowed in JSON");
    assertThat(refused("{\"t\":1" + "0".repeat(1001) + "}", JsonNode.class).getMessage())
        .contains("a number longer than 1000 characters");
  }

  private GatewayException refused(String body, Class<?> type) {
    GatewayException refused = catchThrowableOfType(GatewayException.class,
        () -> bodies.parse(body.getBytes(StandardCharsets.UTF_8), type));
    assertThat(refused).as("refused: " + body.substring(0, Math.min(body.length(), 40))).isNotNull();
    return refused;
  }
}
