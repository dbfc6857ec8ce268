package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fields of a chat request whose JSON type is wrong are 400s naming the field, whether the gateway reads them or only
 * passes them on; values of the right type that the gateway does not know are the target's to judge.
 */
class ChatRequestTypesTest {

  private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
  private final RequestBodies bodies = new RequestBodies(1 << 20);

  @Test
  void aTextPartWithoutTextIsA400NamingTheText() {
    GatewayException e = refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}");

    assertThat(e.param()).isEqualTo("messages[0].content[0].text");
  }

  @Test
  void aPartWithoutATypeOrAnImagePartWithoutAUrlIsA400NamingIt() {
    assertThat(refused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}").param())
        .isEqualTo("messages[0].content[0].type");
    assertThat(refused("{\"model\":\"m\",\"messages\":[" + USER + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"look\"},{\"type\":\"image_url\",\"image_url\":{\"detail\":\"low\"}}]}]}").param())
        .isEqualTo("messages[1].content[1].image_url.url");
  }

  @Test
  void aToolChoiceThatIsNeitherAStringNorAnObjectIsA400() {
    GatewayException e = refused(chat("\"tool_choice\":5"));

    assertThat(e.param()).isEqualTo("tool_choice");
    assertThat(e.getMessage()).contains("got a number");
    assertThat(refused(chat("\"tool_choice\":{\"function\":{\"name\":\"f\"}}")).param()).isEqualTo("tool_choice.type");
    assertThat(refused(chat("\"tool_choice\":{\"type\":\"function\"}")).param()).isEqualTo("tool_choice.function.name");
  }

  @Test
  void aResponseFormatWithoutAStringTypeIsA400() {
    assertThat(refused(chat("\"response_format\":{}")).param()).isEqualTo("response_format.type");
    assertThat(refused(chat("\"response_format\":{\"type\":5}")).param()).isEqualTo("response_format.type");
    assertThat(refused(chat("\"response_format\":{\"type\":\"json_schema\"}")).param())
        .isEqualTo("response_format.json_schema");
  }

  @Test
  void logitBiasThatIsNotAnObjectOfTokenIdsToNumbersIsA400() {
    for (String bias : new String[] {"\"x\"", "[1]", "{\"abc\":1}", "{\"50256\":\"x\"}"}) {
      GatewayException e = refused(chat("\"logit_bias\":" + bias));
      assertThat(e.param()).as(bias).isEqualTo("logit_bias");
    }
  }

  @Test
  void otherPassedOnFieldsOfTheWrongJsonTypeAreA400NamingThem() {
    assertThat(refused(chat("\"logprobs\":\"yes\"")).param()).isEqualTo("logprobs");
    assertThat(refused(chat("\"top_logprobs\":1.5")).param()).isEqualTo("top_logprobs");
    assertThat(refused(chat("\"presence_penalty\":\"high\"")).param()).isEqualTo("presence_penalty");
    assertThat(refused(chat("\"reasoning_effort\":3")).param()).isEqualTo("reasoning_effort");
  }

  @Test
  void rightlyTypedValuesTheGatewayDoesNotKnowPass() {
    accepted(chat("\"tool_choice\":\"auto\",\"response_format\":{\"type\":\"structural_tag\"}"));
    accepted(chat("\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[]}}"));
    accepted(chat("\"logit_bias\":{\"50256\":-100},\"logprobs\":true,\"top_logprobs\":2,\"presence_penalty\":0.5"));
    accepted("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
        + "\"input_audio\":{\"data\":\"AA==\",\"format\":\"wav\"}},{\"type\":\"text\",\"text\":\"\"}]}]}");
  }

  private static String chat(String fields) {
    return "{\"model\":\"m\",\"messages\":[" + USER + "]," + fields + "}";
  }

  private void accepted(String json) {
    ChatRequestValidator.validate(bodies.parse(json.getBytes(StandardCharsets.UTF_8), ChatRequest.class));
  }

  private GatewayException refused(String json) {
    GatewayException refused = catchThrowableOfType(GatewayException.class, () -> accepted(json));
    assertThat(refused).as("refused: " + json).isNotNull();
    assertThat(refused.code().status()).isEqualTo(400);
    return refused;
  }
}
