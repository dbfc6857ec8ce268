package dev.apprentice.server.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.ToolCallIndexes;
import dev.apprentice.api.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A streamed chat answer as the Responses API's typed events, each with its {@code sequence_number}, from 0:
 * {@code response.created} and {@code response.in_progress} first; a model's thinking as a {@code reasoning} item
 * ({@code output_item.added}, {@code content_part.added} and {@code reasoning_text.delta}s for its text; the thinking
 * blocks that come whole are kept for its {@code encrypted_content}), the text as a {@code message} item
 * ({@code output_item.added}, {@code content_part.added}, {@code output_text.delta}s) and each tool call as a
 * {@code function_call} item ({@code output_item.added}, {@code function_call_arguments.delta}s), each item opened when
 * its first delta comes. An item closes ({@code output_text.done} or {@code reasoning_text.done} and
 * {@code content_part.done}, or {@code function_call_arguments.done}, then {@code output_item.done}) as soon as the next
 * item opens, as OpenAI closes them, so that a client can act on a call while the next one streams: the message when
 * the first call opens, a call
 * when the next call's index comes (a fragment without one is placed as {@link dev.apprentice.api.ToolCallIndexes}
 * says). Only a call whose arguments are already a whole JSON object is closed then: a chat
 * stream that interleaves the fragments of parallel calls (index 0, then 1, then 0 again) leaves the first unfinished,
 * and it stays open with every item after it, since items close in output order; a {@code .done} is never followed by
 * more deltas of its item (a fragment for a call already closed, which can only be blank or break its JSON, is
 * dropped, text after a call opens a new message, and thinking after the answer began a new reasoning item). At the
 * end the items still open close in output order and
 * {@code response.completed} (or {@code response.incomplete} for a finish on the output limit or a content filter)
 * carries the whole Response with its usage. A stream that breaks ends with {@code error} and {@code response.failed},
 * carrying the code the chat stream's error event would (and {@code response.failed} the nearest code OpenAI's schema
 * lists).
 */
public final class ResponseStream {

  /** One event: its {@code type} (also the SSE event name) and its JSON, {@code type} and sequence number included. */
  public record Event(String type, ObjectNode data) {}

  /** Reads a call's arguments whole: a JSON value followed by anything but blanks is not. */
  private static final ObjectReader WHOLE =
      new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ResponseObject response;
  private final boolean encryptedReasoning;
  private final List<StreamedItem> items = new ArrayList<>();
  private final Map<Integer, StreamedItem> calls = new HashMap<>();
  private final ToolCallIndexes callIndexes = new ToolCallIndexes();
  private StreamedItem message;
  private StreamedItem reasoning;
  private int sequence;
  private boolean started;
  private String model;
  private String finishReason;
  private Usage usage;

  public ResponseStream(ResponseObject response) {
    this.response = response;
    this.encryptedReasoning = response.encryptedReasoning();
  }

  /** The events one chat chunk makes: the stream's opening events first, on the first chunk. */
  public List<Event> chunk(ChatChunk chunk) {
    List<Event> events = new ArrayList<>();
    if (model == null) model = chunk.model();
    start(events);
    if (chunk.usage() != null) usage = chunk.usage();
    if (chunk.choices() == null) return events;
    for (ChatChunk.Choice choice : chunk.choices()) {
      if (choice.index() != 0) continue; // one answer: a Responses request cannot ask for n
      if (choice.finishReason() != null) finishReason = choice.finishReason();
      ChatChunk.Delta delta = choice.delta();
      if (delta == null) continue;
      ResponseReasoning thinking = ResponseReasoning.of(delta.extra());
      if (!thinking.text().isEmpty()) thinkingText(thinking.text(), events);
      if (!thinking.blocks().isEmpty()) reasoning(events).blocks.addAll(thinking.blocks());
      if (delta.refusal() != null && !delta.refusal().isEmpty()) text(delta.refusal(), true, events);
      if (delta.content() != null && !delta.content().isEmpty()) text(delta.content(), false, events);
      if (delta.toolCalls() != null) for (ToolCall call : delta.toolCalls()) toolCall(call, events);
    }
    return events;
  }

  /** The closing events of a stream that ended whole. */
  public List<Event> end() {
    List<Event> events = new ArrayList<>();
    start(events);
    String status = ResponseObject.incompleteReason(finishReason) == null ? "completed" : "incomplete";
    ArrayNode output = ResponseObject.JSON.arrayNode();
    for (StreamedItem item : items) {
      if (item.done == null) close(item, status, events);
      output.add(item.done);
    }
    ObjectNode whole = response.finished(model, finishReason, output, usage);
    events.add(event("response." + whole.path("status").asText(), "response", whole));
    return events;
  }

  /**
   * The closing events of a stream that broke: {@code error} with the gateway's code (the chat stream's error event's:
   * {@code upstream_error}, {@code upstream_timeout}, {@code content_blocked}, ...), then {@code response.failed}, whose
   * {@code error.code} is one of the codes OpenAI's schema lists (typed clients refuse others): {@code
   * rate_limit_exceeded} for an upstream over its rate limit, else {@code server_error}.
   */
  public List<Event> failed(String code, String message) {
    List<Event> events = new ArrayList<>();
    start(events);
    ObjectNode error = ResponseObject.JSON.objectNode();
    error.put("type", "error");
    error.put("code", code);
    error.put("message", message);
    error.putNull("param");
    events.add(sequenced("error", error));
    ArrayNode output = ResponseObject.JSON.arrayNode();
    for (StreamedItem item : items) {
      output.add(item.done != null ? item.done : item.snapshot("incomplete", encryptedReasoning));
    }
    String listed = code.equals("upstream_rate_limited") ? "rate_limit_exceeded" : "server_error";
    events.add(event("response.failed", "response", response.failed(model, output, listed, message)));
    return events;
  }

  private void start(List<Event> events) {
    if (started) return;
    started = true;
    events.add(event("response.created", "response", response.inProgress(model)));
    events.add(event("response.in_progress", "response", response.inProgress(model)));
  }

  private void text(String delta, boolean refusal, List<Event> events) {
    if (message == null || message.done != null) {
      message = open(StreamedItem.message(items.size(), refusal), events);
      events.add(partAdded(message));
    }
    ObjectNode event = delta(message, delta);
    boolean refused = message.kind == StreamedItem.Kind.REFUSAL;
    if (!refused) event.putArray("logprobs");
    events.add(sequenced(refused ? "response.refusal.delta" : "response.output_text.delta", event));
  }

  /** A thinking fragment, as the reasoning item's {@code reasoning_text} part (added with the first one). */
  private void thinkingText(String delta, List<Event> events) {
    StreamedItem item = reasoning(events);
    if (!item.partAdded) {
      item.partAdded = true;
      events.add(partAdded(item));
    }
    events.add(sequenced("response.reasoning_text.delta", delta(item, delta)));
  }

  /** The event that adds an item's one content part, still empty. */
  private Event partAdded(StreamedItem item) {
    ObjectNode added = at(item);
    added.put("content_index", 0);
    added.set("part", item.part(""));
    return sequenced("response.content_part.added", added);
  }

  /** Appends a fragment to an item's text; the body of the delta event that carries it. */
  private ObjectNode delta(StreamedItem item, String delta) {
    item.text.append(delta);
    ObjectNode event = at(item);
    event.put("content_index", 0);
    event.put("delta", delta);
    return event;
  }

  /** The reasoning item open now, or a new one (thinking after the answer began opens one after it). */
  private StreamedItem reasoning(List<Event> events) {
    if (reasoning == null || reasoning.done != null) reasoning = open(StreamedItem.reasoning(items.size()), events);
    return reasoning;
  }

  private void toolCall(ToolCall call, List<Event> events) {
    int index = callIndexes.of(call);
    StreamedItem item = calls.get(index);
    if (item != null && item.done != null) return; // closed: its arguments were a whole JSON object
    if (item == null) {
      String name = call.function() == null ? null : call.function().name();
      item = open(StreamedItem.call(items.size(), ResponseIds.callId(call.id()), name), events);
      calls.put(index, item);
    }
    String fragment = call.function() == null ? null : call.function().arguments();
    if (fragment == null || fragment.isEmpty()) return;
    item.text.append(fragment);
    ObjectNode event = at(item);
    event.put("delta", fragment);
    events.add(sequenced("response.function_call_arguments.delta", event));
  }

  private StreamedItem open(StreamedItem item, List<Event> events) {
    closeFinished(events);
    items.add(item);
    ObjectNode added = ResponseObject.JSON.objectNode();
    added.put("output_index", item.outputIndex);
    added.set("item", item.snapshot("in_progress", encryptedReasoning));
    events.add(sequenced("response.output_item.added", added));
    return item;
  }

  /** Before the next item opens: the open items closed in output order, up to the first call not yet whole. */
  private void closeFinished(List<Event> events) {
    for (StreamedItem item : items) {
      if (item.done != null) continue;
      if (item.kind == StreamedItem.Kind.CALL && !wholeObject(item.text)) return;
      close(item, "completed", events);
    }
  }

  private static boolean wholeObject(CharSequence arguments) {
    try {
      return WHOLE.readTree(arguments.toString()).isObject();
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private void close(StreamedItem item, String status, List<Event> events) {
    switch (item.kind) {
      case CALL -> {
        ObjectNode done = at(item);
        done.put("name", item.name);
        done.put("arguments", item.text.toString());
        events.add(sequenced("response.function_call_arguments.done", done));
      }
      case REFUSAL -> closePart(item, "response.refusal.done", "refusal", events);
      case TEXT -> closePart(item, "response.output_text.done", "text", events);
      case REASONING -> {
        if (item.partAdded) closePart(item, "response.reasoning_text.done", "text", events);
      }
    }
    ObjectNode whole = item.snapshot(item.kind == StreamedItem.Kind.CALL ? "completed" : status, encryptedReasoning);
    ObjectNode itemDone = ResponseObject.JSON.objectNode();
    itemDone.put("output_index", item.outputIndex);
    itemDone.set("item", whole);
    events.add(sequenced("response.output_item.done", itemDone));
    item.done = whole;
  }

  /** The {@code .done} of the item's one content part's text, then its {@code content_part.done}. */
  private void closePart(StreamedItem item, String type, String field, List<Event> events) {
    ObjectNode done = at(item);
    done.put("content_index", 0);
    done.put(field, item.text.toString());
    if (item.kind == StreamedItem.Kind.TEXT) done.putArray("logprobs");
    events.add(sequenced(type, done));
    ObjectNode partDone = at(item);
    partDone.put("content_index", 0);
    partDone.set("part", item.part(item.text.toString()));
    events.add(sequenced("response.content_part.done", partDone));
  }

  private static ObjectNode at(StreamedItem item) {
    ObjectNode node = ResponseObject.JSON.objectNode();
    node.put("item_id", item.id);
    node.put("output_index", item.outputIndex);
    return node;
  }

  private Event event(String type, String field, ObjectNode value) {
    ObjectNode data = ResponseObject.JSON.objectNode();
    data.set(field, value);
    return sequenced(type, data);
  }

  private Event sequenced(String type, ObjectNode fields) {
    ObjectNode data = ResponseObject.JSON.objectNode();
    data.put("type", type);
    data.setAll(fields);
    data.put("sequence_number", sequence++);
    return new Event(type, data);
  }
}
