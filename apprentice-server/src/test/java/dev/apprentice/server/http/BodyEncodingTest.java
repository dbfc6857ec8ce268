package dev.apprentice.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.GatewayException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Request bodies are strict UTF-8 before they are parsed (RFC 3629, RFC 8259 §8.1). */
class BodyEncodingTest {

  private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a%sb\"}]}";
  private final RequestBodies bodies = new RequestBodies(1 << 20);

  @Test
  void anOverlongSlashIsA400GivingTheByteOffsetAndTheField() {
    GatewayException e = refused(chat("C0 AF"), ChatRequest.class);

    assertThat(e.param()).isEqualTo("messages[0].content");
    assertThat(e.getMessage()).contains("not valid UTF-8").contains("byte offset " + CHAT.indexOf("%s"));
  }

  @Test
  void everyOtherIllFormedSequenceTheParserWouldDecodeIsA400() {
    for (String sequence : new String[] {"C1 BF", "E0 80 AF", "F4 90 80 80", "ED A0 80", "FF"}) {
      GatewayException e = refused(chat(sequence), ChatRequest.class);
      assertThat(e.getMessage()).as(sequence).contains("not valid UTF-8");
      assertThat(e.param()).as(sequence).isEqualTo("messages[0].content");
    }
  }

  @Test
  void aUtf16BodyIsA400WithOrWithoutAByteOrderMark() {
    String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (Charset charset : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16}) {
      assertThat(refused(json.getBytes(charset), ChatRequest.class).getMessage()).as(charset.name())
          .contains("not valid UTF-8");
    }
  }

  @Test
  void aUtf32BodyIsA400() {
    String json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (String name : new String[] {"UTF-32BE", "UTF-32LE"}) {
      assertThat(refused(json.getBytes(Charset.forName(name)), JsonNode.class).getMessage()).as(name)
          .contains("not valid UTF-8");
    }
  }

  @Test
  void aUtf8ByteOrderMarkIsIgnored() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(HexFormat.of().parseHex("EFBBBF"));
    body.writeBytes("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(bodies.parse(body.toByteArray(), ChatRequest.class).model()).isEqualTo("m");
  }

  @Test
  void badBytesInAFieldNameNameTheObjectHoldingIt() {
    assertThat(refused(json("{\"a\":\"x\",\"b", "FF", "\":1}"), JsonNode.class).param()).isNull();
    assertThat(refused(json("{\"m\":{\"a\":\"x\",\"b", "FF", "\":1}}"), JsonNode.class).param()).isEqualTo("m");
    assertThat(refused(json("{\"stop\":[\"x\",\"y", "C0 AF", "\"]}"), JsonNode.class).param()).isEqualTo("stop[1]");
  }

  @Test
  void anAdminBodyIsCheckedTheSameWay() {
    GatewayException e = refused(json("{\"tenant\":\"t", "C0 AF", "\"}"), JsonNode.class);

    assertThat(e.param()).isEqualTo("tenant");
    assertThat(e.getMessage()).contains("not valid UTF-8 at byte offset 12");
  }

  private GatewayException refused(byte[] body, Class<?> type) {
    GatewayException refused = catchThrowableOfType(GatewayException.class, () -> bodies.parse(body, type));
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }

  private static byte[] chat(String hex) {
    String[] halves = CHAT.split("%s");
    return json(halves[0], hex, halves[1]);
  }

  private static byte[] json(String before, String hex, String after) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(HexFormat.ofDelimiter(" ").parseHex(hex));
    body.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }
}
