package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

/** The reason a value of the wrong JSON type gives names the kind of value expected in words, never a Java type. */
class WrongTypeReasonsTest {

  record Sampling(Float temperature) {}

  record Layout(Window window) {}

  static final class Window {
    public int size;
  }

  @Test
  void aNumberOfAnyJavaWidthIsExpectedAsANumber() {
    String reason = reason("{\"temperature\": [1]}", Sampling.class);

    assertThat(reason).startsWith("expected a number").doesNotContain("Float");
  }

  @Test
  void aValueOfAKindWithoutAWordIsExpectedInGenericWordsNotByItsJavaName() {
    String reason = reason("{\"window\": 5}", Layout.class);

    assertThat(reason).startsWith("expected a value of the documented kind").doesNotContain("Window");
  }

  private static String reason(String json, Class<?> type) {
    JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
        () -> ServerJson.MAPPER.readValue(json, type));
    return RequestBodies.reason(e);
  }
}
