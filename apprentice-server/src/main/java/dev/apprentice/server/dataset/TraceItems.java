package dev.apprentice.server.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.apprentice.api.Message;
import dev.apprentice.api.dataset.DatasetInput;
import dev.apprentice.api.dataset.DatasetVersion;
import dev.apprentice.api.dataset.Datasets;
import dev.apprentice.api.trace.TraceRecord;
import dev.apprentice.server.http.ServerJson;
import dev.apprentice.store.DatasetStore.ItemSink;
import dev.apprentice.store.DatasetStore.ItemSource;
import dev.apprentice.store.TraceQuery;
import dev.apprentice.store.TraceStore;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dataset items from stored traces, oldest first: the first turn of the data flywheel. The input is the captured
 * request's messages (for a prompt call: the rendered messages, with the caller's {@code variables} in the
 * metadata; for a {@code /v1/responses} call: the chat messages its input was translated into, which its trace
 * keeps, so that it makes the item its chat completions twin makes, the metadata's {@code api} naming the wire API),
 * the expected answer is the captured response's text, i.e. what the model said, to be reviewed (its
 * whole message when the text is not all it said: a tool call, with text beside it or not, or a refusal). A call
 * that failed (a 429, a 502, a stream cut short, an answer a guardrail blocked) still makes an item, without an
 * expected answer (whatever part of one its trace kept), to be labelled. Traces
 * without a captured request have nothing to learn from and are counted as skipped, by why they have none: the call
 * failed before any model was asked (refused: no key, a bad body, an unknown model; such a refusal's request is never
 * recorded), or its model's capture was metadata-only. An append leaves out the calls the version it appends to
 * already holds.
 */
public final class TraceItems implements ItemSource {

  private static final ObjectReader MESSAGES = ServerJson.MAPPER.readerForListOf(Message.class);
  private static final String TRACE_ID = "trace_id";

  private final TraceStore traces;
  private final TraceQuery query;
  private final Datasets datasets;
  private int matched;
  private int alreadyIn;
  private int metadataOnly;
  private int refused;
  private int unreadable;
  private int withoutAnswer;

  /** @param datasets where the items of the version an append starts with are read, to leave their calls out */
  public TraceItems(TraceStore traces, TraceQuery query, Datasets datasets) {
    this.traces = traces;
    this.query = query;
    this.datasets = datasets;
  }

  @Override
  public void emit(ItemSink sink) {
    emit(sink, null);
  }

  /**
   * The items of the matching calls, leaving out those whose call already has an item in {@code base} (by the
   * {@code trace_id} of its metadata), so that appending the calls of an overlapping time window again adds each call
   * once.
   */
  @Override
  public void emit(ItemSink sink, DatasetVersion base) {
    Set<String> present = new HashSet<>();
    if (base != null) {
      datasets.forEachItem(base.name(), base.version(), item -> {
        if (item.metadata().get(TRACE_ID) instanceof String id) present.add(id);
      });
    }
    if (present.isEmpty() || query.limit() == null) {
      traces.export(query, trace -> add(trace, present, sink));
      return;
    }
    // the limit counts the calls the dataset does not hold yet, so that appending with one again takes the next ones
    // rather than the same calls, all left out
    int limit = query.limit();
    TraceQuery unlimited = query.withoutLimit();
    try {
      traces.export(unlimited, trace -> {
        if (!present.contains(trace.id()) && matched - alreadyIn == limit) throw new Enough();
        add(trace, present, sink);
      });
    } catch (Enough enough) {
      // the limit is reached
    }
  }

  /** Stops an export once the limit of new calls is reached. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super(null, null, false, false);
    }
  }

  private void add(TraceRecord trace, Set<String> present, ItemSink sink) {
    if (present.contains(trace.id())) {
      matched++;
      alreadyIn++;
    } else {
      add(trace, sink);
    }
  }

  private void add(TraceRecord trace, ItemSink sink) {
    matched++;
    if (trace.request() == null) {
      if (refusedBeforeAnyModel(trace)) refused++;
      else metadataOnly++;
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
    metadata.put(TRACE_ID, trace.id());
    metadata.put("model", trace.model());
    // the wire API the call came through; a Responses call's trace holds the chat request it was translated into
    metadata.put("api", trace.details().wireApi());
    if (trace.details().prompt() != null) metadata.put("prompt", trace.details().prompt());
    if (request.has("variables")) metadata.put("variables", RowMapping.plain(request.get("variables")));
    if (!trace.tags().isEmpty()) metadata.put("tags", trace.tags());
    metadata.put("started_at", trace.startedAt().toString());
    // a failed call's captured answer is not one to learn from: a stream cut short (the part relayed before it broke
    // or the client left) or an answer a guardrail blocked
    Object expected = trace.succeeded() ? answer(trace.response()) : null;
    if (expected == null) withoutAnswer++;
    sink.add(new DatasetInput.Chat(messages), expected, metadata);
  }

  /**
   * A call that failed without any upstream attempt: refused by the server (before its request was read, whatever the
   * capture) or by the gateway's limits. A metadata-only call that reached a model, or was answered, is not.
   */
  private static boolean refusedBeforeAnyModel(TraceRecord trace) {
    return !trace.succeeded() && trace.attempts().isEmpty();
  }

  /**
   * The answer's text; its whole message when the text is not all of it: tool calls (beside text or not, streamed or
   * not) or a refusal without text. Null when nothing was captured.
   */
  private static Object answer(String response) {
    if (response == null) return null;
    try {
      JsonNode message = ServerJson.MAPPER.readTree(response).path("choices").path(0).path("message");
      if (message.isMissingNode()) return null;
      if (calls(message)) return RowMapping.plain(message);
      JsonNode content = message.path("content");
      String text = null;
      if (content.isTextual()) {
        text = content.asText();
      } else if (content.isArray()) {
        StringBuilder joined = new StringBuilder();
        content.forEach(part -> joined.append(part.path("text").asText("")));
        text = joined.toString();
      }
      boolean refused = message.path("refusal").isTextual() && !message.path("refusal").asText().isEmpty();
      return text != null && !(text.isEmpty() && refused) ? text : RowMapping.plain(message);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** True when the message calls a tool or function: the call is the answer, not just any text beside it. */
  private static boolean calls(JsonNode message) {
    JsonNode tools = message.path("tool_calls");
    return (tools.isArray() && !tools.isEmpty()) || message.path("function_call").isObject();
  }

  /** Traces that matched the filters. */
  public int matched() {
    return matched;
  }

  /** Matching traces skipped because the version appended to already holds an item of theirs. */
  public int alreadyIn() {
    return alreadyIn;
  }

  /** Matching traces skipped because their capture was metadata-only (no request body stored). */
  public int metadataOnly() {
    return metadataOnly;
  }

  /** Matching traces skipped because the call was refused before any model was asked, and no request was stored. */
  public int refused() {
    return refused;
  }

  /** Items made from calls that got no answer (they failed): they have no expected answer until labelled. */
  public int withoutAnswer() {
    return withoutAnswer;
  }

  /** Matching traces skipped because their captured request held no readable messages. */
  public int unreadable() {
    return unreadable;
  }

  /**
   * The version's source line: the filters that chose the traces, {@code since} and {@code until} as given, each tag
   * left out ({@code exclude_tag=eval} when the evaluation's own calls were), and {@code include_eval_calls=true} when
   * they were let in.
   */
  public static String source(TraceQuery q, String since, String until, boolean evalCallsIncluded) {
    StringBuilder s = new StringBuilder("traces");
    append(s, "model", q.model());
    append(s, "prompt", q.prompt());
    append(s, "tenant", q.tenant());
    append(s, "since", since);
    append(s, "until", until);
    append(s, "tag", q.tag());
    append(s, "status", q.status());
    append(s, "api", q.api());
    append(s, "limit", q.limit() == null ? null : q.limit().toString());
    q.excludeTags().forEach(tag -> append(s, "exclude_tag", tag));
    if (evalCallsIncluded) append(s, "include_eval_calls", "true");
    return s.toString();
  }

  private static void append(StringBuilder s, String name, String value) {
    if (value != null) s.append(' ').append(name).append('=').append(value);
  }
}
