package dev.apprentice.guard.output;

import static dev.apprentice.guard.Chats.jsonSchema;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonSchemaCheckTest {

  private static final Map<String, Object> PERSON = Map.of("type", "object",
      "properties", Map.of("name", Map.of("type", "string"), "age", Map.of("type", "integer", "minimum", 0)),
      "required", List.of("name", "age"), "additionalProperties", false);

  private final JsonSchemaCheck check = new JsonSchemaCheck();

  @Test
  void theSchemaIsTakenOnlyFromAJsonSchemaResponseFormat() {
    assertThat(JsonSchemaCheck.requestedSchema(jsonSchema(PERSON))).contains(PERSON);
    assertThat(JsonSchemaCheck.requestedSchema(Map.of("type", "json_object"))).isEmpty();
    assertThat(JsonSchemaCheck.requestedSchema(Map.of("type", "json_schema", "json_schema", Map.of("name", "x")))).isEmpty();
    assertThat(JsonSchemaCheck.requestedSchema(null)).isEmpty();
  }

  @Test
  void aConformingAnswerHasNoViolationsAndEachViolationIsOneLine() {
    assertThat(check.violations(PERSON, "{\"name\":\"Ada\",\"age\":36}")).isEmpty();

    List<String> problems = check.violations(PERSON, "{\"name\":7,\"age\":-1,\"extra\":true}");

    assertThat(problems).hasSize(3);
    assertThat(String.join("\n", problems)).contains("$.name").contains("$.age").contains("extra");
  }

  @Test
  void anAnswerThatIsNotJsonIsOneViolation() {
    assertThat(check.violations(PERSON, "Sure! Here is a person: Ada, 36")).singleElement().asString()
        .startsWith("the answer is not JSON");
    assertThat(check.violations(PERSON, "")).singleElement().asString().contains("empty");
  }

  @Test
  void aRemoteReferenceInACallersSchemaIsNeverFetched() throws Exception {
    AtomicInteger fetched = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      fetched.incrementAndGet();
      byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/name.json";
      Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("name", Map.of("$ref", url)));

      List<String> problems = check.violations(schema, "{\"name\":\"Ada\"}");

      assertThat(fetched).hasValue(0);
      assertThat(problems).singleElement().asString().startsWith("the requested schema cannot be used");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void localReferencesWithinTheSchemaWork() {
    Map<String, Object> schema = Map.of("$defs", Map.of("age", Map.of("type", "integer")),
        "type", "object", "properties", Map.of("age", Map.of("$ref", "#/$defs/age")));

    assertThat(check.violations(schema, "{\"age\":3}")).isEmpty();
    assertThat(check.violations(schema, "{\"age\":\"three\"}")).hasSize(1);
  }
}
