package dev.apprentice.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A {@code GET} answer in JSON Lines ({@code application/x-ndjson}), one value per line, written as its rows are read
 * (an export of traces or of a dataset). Asked with {@code HEAD}, which {@link MethodRules} routes to the {@code GET}
 * handler, it answers the status and headers the {@code GET} would and reads no row: {@link HeadAnswers} drops any
 * body, but the whole export would still be read from the store and written for nothing.
 */
public final class JsonLinesAnswer {

  private static final int BUFFER = 64 * 1024;

  /** The rows of an answer: each value given to {@code lines} becomes one line, in order. */
  @FunctionalInterface
  public interface Rows {
    void writeTo(Consumer<Object> lines);
  }

  private JsonLinesAnswer() {}

  /** Answers 200 with {@code rows}, each written with {@code mapper}; on {@code HEAD} the rows are never read. */
  public static void send(ServerRequest req, ServerResponse res, ObjectMapper mapper, Rows rows) throws IOException {
    res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
    try (OutputStream out = new BufferedOutputStream(ClientGone.output(res), BUFFER)) {
      if (req.prologue().method() == Method.HEAD) return;
      rows.writeTo(value -> line(out, mapper, value));
    }
  }

  private static void line(OutputStream out, ObjectMapper mapper, Object value) {
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a row did not convert to JSON: " + e.getOriginalMessage(), e);
    }
    try {
      out.write(json);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
