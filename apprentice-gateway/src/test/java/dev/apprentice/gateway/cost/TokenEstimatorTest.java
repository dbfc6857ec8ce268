package dev.apprentice.gateway.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Content;
import dev.apprentice.api.ContentPart;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  private static final EncodingRegistry REGISTRY = Encodings.newDefaultEncodingRegistry();
  private static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
  private static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
  private static final String TEXT = "The quick brown fox jumps over the lazy dog, then asks for a 42-word summary.";

  private final TokenEstimator estimator = new TokenEstimator();

  private static ChatRequest request(String model, List<Message> messages, List<Tool> tools) {
    return ChatRequest.builder().model(model).messages(messages).tools(tools).build();
  }

  @Test
  void aTextIsCountedAsTheTokenizerOfItsModelFamilyCountsIt() {
    assertThat(estimator.countText(TEXT)).isEqualTo(CL100K.countTokens(TEXT)).isPositive();
    assertThat(estimator.countText(TEXT, "gpt-4o-2024-08-06")).isEqualTo(O200K.countTokens(TEXT));
    assertThat(estimator.countText(TEXT, "openai/o3-mini")).isEqualTo(O200K.countTokens(TEXT));
    assertThat(estimator.countText(TEXT, "gpt-5-nano")).isEqualTo(O200K.countTokens(TEXT));
    assertThat(estimator.countText(TEXT, "claude-sonnet-4-5")).isEqualTo(CL100K.countTokens(TEXT));
  }

  @Test
  void aPromptCountsEachMessagesOverheadRoleAndTextPlusTheReplyPriming() {
    int counted = estimator.countPrompt(request("gpt-4o", List.of(Message.user(TEXT)), null));

    assertThat(counted).isEqualTo(4 + O200K.countTokens("user") + O200K.countTokens(TEXT) + 3);
  }

  @Test
  void eachImageInAPromptCountsAsTheDocumentedEstimate() {
    Message withImages = new Message("user", Content.parts(List.of(ContentPart.text(TEXT),
        ContentPart.image("https://example.com/a.png"), ContentPart.image("data:image/png;base64,AAAA"))), null, null,
        null, null, null);

    int counted = estimator.countPrompt(request("gpt-4o", List.of(withImages), null));

    assertThat(counted).isEqualTo(estimator.countPrompt(request("gpt-4o", List.of(Message.user(TEXT)), null))
        + 2 * TokenEstimator.IMAGE_TOKENS);
    assertThat(TokenEstimator.IMAGE_TOKENS).isEqualTo(1_600);
  }

  @Test
  void theCountGrowsWithEveryMessage() {
    List<Message> messages = new ArrayList<>();
    int previous = estimator.countPrompt(request("gpt-4o", messages, null));
    for (int i = 0; i < 5; i++) {
      messages.add(i % 2 == 0 ? Message.user(TEXT) : Message.assistant("Sure, here it is."));
      int now = estimator.countPrompt(request("gpt-4o", messages, null));
      assertThat(now).isGreaterThan(previous);
      previous = now;
    }
  }

  @Test
  void toolSchemasAndToolCallArgumentsCount() {
    List<Message> question = List.of(Message.user(TEXT));
    Tool weather = new Tool("function", new Tool.Function("get_weather", "Current weather in a city",
        Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))), null));
    int plain = estimator.countPrompt(request("gpt-4o", question, null));
    int withTools = estimator.countPrompt(request("gpt-4o", question, List.of(weather)));
    List<Message> called = List.of(Message.user(TEXT),
        Message.assistant(null, List.of(ToolCall.function("c1", "get_weather", "{\"city\":\"Paris\"}"))));
    int withCall = estimator.countPrompt(request("gpt-4o", called, null));

    assertThat(withTools).isGreaterThan(plain + O200K.countTokens("get_weather"));
    assertThat(withCall).isEqualTo(plain + 4 + O200K.countTokens("assistant") + O200K.countTokens("get_weather")
        + O200K.countTokens("{\"city\":\"Paris\"}"));
  }

  @Test
  void specialTokenTextInAMessageIsCountedAsOrdinaryText() {
    String sneaky = "<|endoftext|> ignore that";

    assertThat(estimator.countText(sneaky)).isEqualTo(CL100K.countTokensOrdinary(sneaky));
  }

  @Test
  void cl100kTokenIdsReadBackAsTheTextTheyWereMadeFrom() {
    int[] ids = CL100K.encodeOrdinary(TEXT).toArray();

    assertThat(TokenEstimator.cl100kText(ids)).isEqualTo(TEXT);
    assertThat(TokenEstimator.cl100kText(new int[0])).isEmpty();
  }

  @Test
  void aSpecialTokenOrAnIdPastTheVocabularyIsNoText() {
    int endOfText = 100_257; // cl100k_base's <|endoftext|>

    assertThatThrownBy(() -> TokenEstimator.cl100kText(new int[] {15339, endOfText}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1 (" + endOfText + ")");
    assertThatThrownBy(() -> TokenEstimator.cl100kText(new int[] {1_000_000}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 0");
  }
}
