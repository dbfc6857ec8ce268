package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/embeddings} with the built-in in-process model, which needs no config at all. */
class LocalEmbeddingsTest {

  private static final String MODEL = "local/all-minilm-l6-v2";
  /** One server for the class, as the model it loads is the real one. */
  @AutoClose
  private static RunningGateway gateway;
  private static ApprenticeServer server;
  private static RawHttp http;
  private static Path dataDir;

  @BeforeAll
  static void start() {
    dataDir = TempDirs.create();
    gateway = Gateways.runningDefaults(dataDir);
    server = gateway.server();
    http = new RawHttp(server);
  }

  private static HttpResponse<String> embed(String body) {
    return http.post("/v1/embeddings", body);
  }

  private static float[] floats(JsonNode embedding) {
    float[] vector = new float[embedding.size()];
    for (int i = 0; i < vector.length; i++) vector[i] = (float) embedding.get(i).asDouble();
    return vector;
  }

  @Test
  void theLocalModelAnswersUnitVectorsOf384FloatsWithTokenUsage() {
    HttpResponse<String> response = embed("{\"model\":\"" + MODEL + "\",\"input\":[\"How do I reset my PIN?\",\"\"]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-apprentice-served-by")).hasValue(MODEL);
    JsonNode body = RawHttp.json(response.body());
    assertThat(body.path("model").asText()).isEqualTo(MODEL);
    assertThat(body.path("data")).hasSize(2);
    for (JsonNode item : body.path("data")) {
      float[] vector = floats(item.path("embedding"));
      double norm = 0;
      for (float f : vector) norm += f * f;
      assertThat(vector).hasSize(384);
      assertThat(norm).isCloseTo(1.0, within(1e-4));
      assertThat(item.has("truncated")).isFalse();
    }
    assertThat(body.path("data").path(1).path("index").asInt()).isEqualTo(1);
    assertThat(body.path("usage").path("prompt_tokens").asInt()).as("9 tokens and an empty text's 2").isEqualTo(11);
    server.accounting().writer().flush();
    var trace = server.store().traces().find(response.headers().firstValue("x-apprentice-trace-id").orElseThrow())
        .orElseThrow();
    assertThat(trace.details().isEmbeddings()).isTrue();
    assertThat(trace.provider() + "/" + trace.upstreamModel()).as("as x-apprentice-served-by says").isEqualTo(MODEL);
    assertThat(trace.tokens().input()).isEqualTo(11);
    assertThat(trace.costUsd()).isZero();
  }

  @Test
  void base64EncodingCarriesTheSameVectorAsFloats() {
    String text = "{\"model\":\"" + MODEL + "\",\"input\":\"Where is my card?\"";
    JsonNode floats = RawHttp.json(embed(text + "}").body()).path("data").path(0).path("embedding");
    HttpResponse<String> response = embed(text + ",\"encoding_format\":\"base64\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    String encoded = RawHttp.json(response.body()).path("data").path(0).path("embedding").asText();
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = floats(floats);
    assertThat(bytes.remaining()).isEqualTo(384 * 4);
    for (float f : expected) assertThat(bytes.getFloat()).isEqualTo(f);
  }

  @Test
  void anInputLongerThanTheWindowIsCutAndMarkedTruncated() {
    String longText = "word ".repeat(20_000);
    HttpResponse<String> response = embed("{\"model\":\"" + MODEL + "\",\"input\":[\"short\",\"" + longText + "\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode data = RawHttp.json(response.body()).path("data");
    assertThat(data.path(0).has("truncated")).isFalse();
    assertThat(data.path(1).path("truncated").asBoolean()).isTrue();
    assertThat(RawHttp.json(response.body()).path("usage").path("prompt_tokens").asInt()).isEqualTo(3 + 256);
  }

  @Test
  void theModelIsListedAndLoadedOnlyWhenFirstUsed() {
    JsonNode models = RawHttp.json(http.get("/v1/models").body()).path("data");

    assertThat(models.findValuesAsText("id")).contains(MODEL, "sim-echo");
    assertThat(models.findValuesAsText("id").stream().filter(MODEL::equals)).hasSize(1);
    try (RunningGateway fresh = Gateways.runningDefaults(TempDirs.create())) {
      assertThat(fresh.server().localModels().embedderLoaded()).isFalse();
    }
  }

  @Test
  void theEmbedderIsSharedWithOtherComponentsThroughTheServer() {
    embed("{\"model\":\"" + MODEL + "\",\"input\":\"warm up\"}");

    assertThat(server.localModels().embedderLoaded()).isTrue();
    assertThat(dataDir.resolve("native")).as("native files stay in the data directory").isDirectory();
    assertThat(server.localModels().embedder().embed("hello world").tokens()).isEqualTo(4);
  }

  @Test
  void wrongTypesAreRefusedNamingTheParameter() {
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":42}"), 400, "invalid_request_error", null, "input");
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[\"ok\",7]}"), 400, "invalid_request_error", null,
        "input[1]");
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[]}"), 400, "invalid_request_error", null, "input");
    assertError(embed("{\"model\":7,\"input\":\"x\"}"), 400, "invalid_request_error", null, "model");
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"encoding_format\":\"hex\"}"), 400,
        "invalid_request_error", null, "encoding_format");
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"dimensions\":\"many\"}"), 400,
        "invalid_request_error", null, "dimensions");
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":\"x\",\"dimensions\":256}"), 400,
        "invalid_request_error", null, "dimensions");
  }

  @Test
  void tokenIdsAreEmbeddedAsTheCl100kTextTheyStandForAsLangChainSendsThem() {
    JsonNode text = RawHttp.json(embed("{\"model\":\"" + MODEL + "\",\"input\":[\"hello world\",\"hello\"]}").body());
    HttpResponse<String> nested = embed("{\"model\":\"" + MODEL + "\",\"input\":[[15339,1917],[15339]]}");
    HttpResponse<String> single = embed("{\"model\":\"" + MODEL + "\",\"input\":[15339,1917],"
        + "\"encoding_format\":\"base64\"}");

    assertThat(nested.statusCode()).as(nested.body()).isEqualTo(200);
    assertThat(RawHttp.json(nested.body()).path("data")).isEqualTo(text.path("data"));
    assertThat(RawHttp.json(nested.body()).path("usage")).isEqualTo(text.path("usage"));
    assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(
        RawHttp.json(single.body()).path("data").path(0).path("embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : floats(text.path("data").path(0).path("embedding"))) assertThat(bytes.getFloat()).isEqualTo(f);
  }

  @Test
  void aCharacterWhoseBytesSpanTwoIdsIsReadWholeAndOneCutBetweenInputsAsLangChainsChunksMayCutItIsLeftOut() {
    // cl100k_base's ids of "héllo 😀 wörld 日本語": the last two hold 語's three bytes; whole in the first input, cut
    // apart between the second and third
    String ids = "71,19010,385,91416,289,9603,509,76502,22656,45918";
    JsonNode text = RawHttp.json(embed("{\"model\":\"" + MODEL + "\",\"input\":[\"héllo 😀 wörld 日本語\","
        + "\"héllo 😀 wörld 日本\",\"\"]}").body());
    HttpResponse<String> cut = embed("{\"model\":\"" + MODEL + "\",\"input\":[[" + ids + ",252],[" + ids
        + "],[252]]}");

    assertThat(cut.statusCode()).as(cut.body()).isEqualTo(200);
    assertThat(RawHttp.json(cut.body()).path("data")).isEqualTo(text.path("data"));
    assertThat(RawHttp.json(cut.body()).path("usage")).isEqualTo(text.path("usage"));
  }

  @Test
  void aTokenIdThatIsNoCl100kTextTokenIsRefusedNamingItsInput() {
    JsonNode error = assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[[15339],[15339,100257]]}"), 400,
        "invalid_request_error", null, "input[1]");
    assertThat(error.path("message").asText()).contains("cl100k_base", "item 1 (100257)");
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[100256]}"), 400, "invalid_request_error", null,
        "input");
  }

  @Test
  void anInputOfMoreTokenIdsThanOpenAisLimitOf8191IsRefusedNamingItBeforeAnyIsRead() {
    String atLimit = ids(8191);
    HttpResponse<String> accepted = embed("{\"model\":\"" + MODEL + "\",\"input\":[" + atLimit + "]}");
    JsonNode nested = assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[[0],[0],[0],[" + ids(8192)
        + "],[100257]]}"), 400, "invalid_request_error", null, "input[3]");
    JsonNode single = assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[" + ids(8192) + "]}"), 400,
        "invalid_request_error", null, "input");

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(nested.path("message").asText()).isEqualTo("'input[3]' holds 8192 token ids; an input may hold at most"
        + " 8191 (OpenAI's limit for its embedding models)");
    assertThat(single.path("message").asText()).startsWith("'input' holds 8192 token ids;");
  }

  @Test
  void moreThanOpenAisLimitOf300000TokenIdsInARequestAreRefusedNamingTheInput() {
    String input = ("[" + ids(8191) + "],").repeat(36) + "[" + ids(5000) + "]"; // 299,876 ids: within the limit
    HttpResponse<String> accepted = embed("{\"model\":\"" + MODEL + "\",\"input\":[" + input + "]}");
    JsonNode error = assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[" + input + ",[" + ids(125)
        + "]]}"), 400, "invalid_request_error", null, "input");

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(error.path("message").asText()).startsWith("'input' holds 300001 token ids in all; a request may hold"
        + " at most 300000");
  }

  /** {@code count} cl100k_base ids of "!" (id 0), comma-separated. */
  private static String ids(int count) {
    return "0,".repeat(count - 1) + "0";
  }

  @Test
  void anUnknownModelIsRefusedNamingTheModelsTheCallerMayCallTheLocalModelAmongThem() {
    JsonNode error = assertError(embed("{\"model\":\"all-minilm-l6-v2\",\"input\":\"x\"}"), 404,
        "invalid_request_error", "model_not_found", "model");

    assertThat(error.path("message").asText()).contains("'all-minilm-l6-v2' does not exist")
        .contains("Models you may call: ").contains("sim-echo").endsWith(", " + MODEL);
  }

  @Test
  void moreInputsThanOpenAisLimitAreRefused() {
    String many = "\"x\",".repeat(2048) + "\"x\"";
    assertError(embed("{\"model\":\"" + MODEL + "\",\"input\":[" + many + "]}"), 400, "invalid_request_error", null,
        "input");
  }
}
