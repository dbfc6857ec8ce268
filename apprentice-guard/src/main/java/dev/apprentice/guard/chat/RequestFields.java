package dev.apprentice.guard.chat;

import dev.apprentice.api.ChatRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The texts of a chat request outside its messages, in a fixed order: the {@code prediction} content (a string or
 * text parts: the caller's guess of the answer, which the model reads), the {@code user}, each {@code stop} string and
 * every string and number of the {@code metadata} (about the call: stored in traces, sent on to OpenAI-type
 * upstreams). A number is read as its decimal text; when a visit changes it, the string returned takes its place.
 */
final class RequestFields {

  private RequestFields() {}

  /**
   * Visits the texts ({@code prompt} the prediction, {@code about} the user, stop strings and metadata) and returns
   * the request with what the visits returned in their place.
   */
  static ChatRequest walk(ChatRequest r, ChatTexts.Visit prompt, ChatTexts.Visit about) {
    Map<String, Object> extra = prediction(r.extra(), prompt);
    String user = r.user() == null ? null : about.text(r.user(), ChatTexts.Field.OTHER);
    Object stop = r.stop() instanceof String || r.stop() instanceof List<?> ? values(r.stop(), about) : r.stop();
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = r.metadata() == null ? null : (Map<String, Object>) values(r.metadata(), about);
    boolean same = extra == r.extra() && Objects.equals(user, r.user()) && Objects.equals(stop, r.stop())
        && Objects.equals(metadata, r.metadata());
    if (same) return r;
    return r.toBuilder().user(user).stop(stop).metadata(metadata).extra(extra).build();
  }

  /** The extra fields with the text of {@code prediction.content} visited. */
  private static Map<String, Object> prediction(Map<String, Object> extra, ChatTexts.Visit visit) {
    if (!(extra.get("prediction") instanceof Map<?, ?> prediction) || prediction.get("content") == null) return extra;
    Object content = prediction.get("content");
    Object replaced = content instanceof String text ? visit.text(text, ChatTexts.Field.CONTENT) : parts(content, visit);
    if (replaced == content) return extra;
    Map<Object, Object> replacedPrediction = new LinkedHashMap<>(prediction);
    replacedPrediction.put("content", replaced);
    Map<String, Object> out = new LinkedHashMap<>(extra);
    out.put("prediction", replacedPrediction);
    return out;
  }

  /** Text parts ({@code [{type: text, text: ...}]}) with each text visited; anything else as it is. */
  private static Object parts(Object content, ChatTexts.Visit visit) {
    if (!(content instanceof List<?> parts)) return content;
    List<Object> out = new ArrayList<>(parts.size());
    boolean changed = false;
    for (Object part : parts) {
      if (!(part instanceof Map<?, ?> map) || !(map.get("text") instanceof String value)) {
        out.add(part);
        continue;
      }
      String visited = visit.text(value, ChatTexts.Field.PART);
      changed |= !visited.equals(value);
      Map<Object, Object> replaced = new LinkedHashMap<>(map);
      replaced.put("text", visited);
      out.add(replaced);
    }
    return changed ? out : content;
  }

  /**
   * {@code value} with every string and number in it visited (maps and lists walked; keys, booleans and nulls as they
   * are). A number is visited as its decimal text, and stays the number unless the visit changed that text.
   */
  private static Object values(Object value, ChatTexts.Visit visit) {
    if (value instanceof String text) return visit.text(text, ChatTexts.Field.OTHER);
    if (value instanceof Number number) {
      String text = number.toString();
      String visited = visit.text(text, ChatTexts.Field.OTHER);
      return visited.equals(text) ? number : visited;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) out.put(e.getKey(), values(e.getValue(), visit));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) out.add(values(item, visit));
      return out;
    }
    return value;
  }
}
