package dev.apprentice.providers.openai;

import dev.apprentice.api.AnswerChunks;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.ProviderException;
import dev.apprentice.providers.http.Bodies;
import dev.apprentice.providers.http.Transport;
import dev.apprentice.providers.http.Upstream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream request answered with a JSON body in place of an event stream: a server that ignores {@code stream: true}
 * (its completion is played as a stream) or reports a failure so, with a 2xx ({@code {"error": ...}}, read for the
 * server's words as an unstreamed answer's is), which read as events would have been no event at all, and the
 * stream's end "before [DONE]".
 */
final class JsonAnswerToStream {

  private static final String JSON = "application/json";

  private JsonAnswerToStream() {}

  /** True when the answer says its body is JSON ({@code application/json}, its parameters aside). */
  static boolean json(Transport.Response response) {
    return response.headers().firstValue("content-type")
        .map(type -> type.regionMatches(true, 0, JSON, 0, JSON.length())).orElse(false);
  }

  /**
   * The stream of a JSON answer: its completion's chunks, or the failure it reports. A body that is no JSON object
   * after all (events sent under a JSON content type) is read as the events it is.
   */
  static ChunkStream of(Transport.Response response, Upstream upstream) throws ProviderException {
    byte[] body;
    try (InputStream in = response.body()) {
      body = Bodies.readAll(in, response.headers());
    } catch (IOException e) {
      throw upstream.readFailure(response.status(), e);
    }
    if (!object(body)) {
      return new OpenAiStream(new ByteArrayInputStream(body), response.status(), response.headers(), upstream);
    }
    return AnswerChunks.playing(AnswerChunks.of(OpenAiResponses.chat(new ByteArrayInputStream(body),
        response.status(), response.headers(), upstream)));
  }

  private static boolean object(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) return b == '{';
    }
    return false;
  }
}
