package dev.apprentice.server.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.apprentice.api.Message;
import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.DatasetStore.ItemSink;
import dev.apprentice.store.DatasetStore.ItemSource;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset items from stored traces, oldest first: the first turn of the data flywheel. The input is the captured
 * request's messages (for a prompt call: the rendered messages, with the caller's {@code variables} in the
 * metadata), the expected answer is the captured response's text, i.e. what the model said, to be reviewed. Traces
 * whose capture was metadata-only have no request to learn from and are counted as skipped.
 */
public final class TraceItems implements ItemSource {

  private static final ObjectReader MESSAGES = ServerJson.MAPPER.readerForListOf(Message.class);

  private final TraceStore traces;
  private final TraceQuery query;
  private int matched;
  private int withoutRequest;
  private int unreadable;

  public TraceItems(TraceStore traces, TraceQuery query) {
    this.traces = traces;
    this.query = query;
  }

  @Override
  public void emit(ItemSink sink) {
    traces.export(query, trace -> add(trace, sink));
  }

  private void add(TraceRecord trace, ItemSink sink) {
    matched++;
    if (trace.request() == null) {
      withoutRequest++;
      return;
    }
    JsonNode request;
    List<Message> messages;
    try {
      request = ServerJson.MAPPER.readTree(trace.request());
      messages = MESSAGES.readValue(request.path("messages"));
    } catch (java.io.IOException | RuntimeException e) {
      unreadable++;
      return;
    }
    if (messages == null || messages.isEmpty()) {
      unreadable++;
      return;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("trace_id", trace.id());
    metadata.put("model", trace.model());
    if (trace.details().prompt() != null) metadata.put("prompt", trace.details().prompt());
    if (request.has("variables")) metadata.put("variables", RowMapping.plain(request.get("variables")));
    if (!trace.tags().isEmpty()) metadata.put("tags", trace.tags());
    metadata.put("started_at", trace.startedAt().toString());
    sink.add(new DatasetInput.Chat(messages), answer(trace.response()), metadata);
  }

  /** The answer's text; its whole message when it holds no text (tool calls); null when nothing was captured. */
  private static Object answer(String response) {
    if (response == null) return null;
    try {
      JsonNode message = ServerJson.MAPPER.readTree(response).path("choices").path(0).path("message");
      JsonNode content = message.path("content");
      if (content.isTextual()) return content.asText();
      if (content.isArray()) {
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
      }
      return message.isMissingNode() ? null : RowMapping.plain(message);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Traces that matched the filters. */
  public int matched() {
    return matched;
  }

  /** Matching traces skipped because their capture was metadata-only (no request body stored). */
  public int withoutRequest() {
    return withoutRequest;
  }

  /** Matching traces skipped because their captured request held no readable messages. */
  public int unreadable() {
    return unreadable;
  }

  /** The version's source line: the filters that chose the traces. */
  public static String source(TraceQuery q, String since) {
    StringBuilder s = new StringBuilder("traces");
    append(s, "model", q.model());
    append(s, "prompt", q.prompt());
    append(s, "tenant", q.tenant());
    append(s, "since", since);
    append(s, "tag", q.tag());
    append(s, "status", q.status());
    append(s, "limit", q.limit() == null ? null : q.limit().toString());
    return s.toString();
  }

  private static void append(StringBuilder s, String name, String value) {
    if (value != null) s.append(' ').append(name).append('=').append(value);
  }
}
