package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events in OpenAI's form: {@code data: {json}} events, then {@code data: [DONE]}. */
final class SseWriter {

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;

  SseWriter(OutputStream out) {
    this.out = out;
  }

  void chunk(ChatChunk chunk) throws IOException {
    byte[] json;
    try {
      json = ServerJson.MAPPER.writeValueAsBytes(chunk);
    } catch (JsonProcessingException e) {
      throw new IOException("could not serialise a chunk", e);
    }
    out.write(DATA);
    out.write(json);
    out.write(END);
    out.flush();
  }

  /** An error event in OpenAI's shape; the stream ends after it, without [DONE]. */
  void error(ErrorCode code, String message) throws IOException {
    out.write(DATA);
    out.write(ErrorResponses.body(code, message, null));
    out.write(END);
    out.flush();
  }

  void done() throws IOException {
    out.write(DONE);
    out.flush();
  }
}
