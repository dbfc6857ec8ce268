package dev.apprentice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.trace.TraceDetails;
import dev.apprentice.server.dataset.LeftOutTags;
import dev.apprentice.server.dataset.TraceItems;
import dev.apprentice.store.TraceQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /admin/datasets/{name}/from-traces}, checked: a value the field does not take, or an
 * unknown field, is a 400 naming it.
 *
 * @param since as given, for the version's source
 * @param until as given, for the version's source
 * @param evalCallsIncluded true when the evaluation's own calls (tagged {@code eval}) are let in
 */
record FromTracesFilters(TraceQuery query, String since, String until, boolean append, boolean evalCallsIncluded) {

  private static final Set<String> FIELDS = Set.of("model", "prompt", "tenant", "since", "until", "tag", "status",
      "api", "limit", "append", "exclude_tags", "include_eval_calls");

  /** The filters of {@code body} (null: none), times read on {@code clock}. */
  static FromTracesFilters read(JsonNode body, Clock clock) {
    // no body at all means no filters; JSON null, an array or a string is not an object of filters
    if (body != null && !body.isObject()) throw GatewayException.invalid(null, "the body must be a JSON object of filters");
    JsonNode filters = body == null ? NullNode.getInstance() : body;
    filters.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw GatewayException.invalid(f, "unknown filter '" + f + "' (filters: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    });
    String since = text(filters, "since");
    String until = text(filters, "until");
    String status = AdminValues.status(text(filters, "status"));
    String api = text(filters, "api");
    if (api != null && !api.equals(TraceDetails.CHAT_COMPLETIONS) && !api.equals(TraceDetails.RESPONSES)) {
      // embedding calls have no answer to learn from
      throw GatewayException.invalid("api", "api must be chat_completions or responses; got '" + api + "'");
    }
    JsonNode limit = filters.get("limit");
    if (limit != null && !limit.isNull() && (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.asInt() < 1)) {
      throw GatewayException.invalid("limit", "limit must be a whole number from 1 to " + Integer.MAX_VALUE);
    }
    String tag = AdminValues.tag("tag", text(filters, "tag"));
    boolean evalCallsIncluded = !filters.isNull() && AdminValues.flag(filters, "include_eval_calls");
    List<String> excluded;
    try {
      excluded = LeftOutTags.of(tag, AdminValues.tags("exclude_tags", texts(filters, "exclude_tags")), evalCallsIncluded,
          LeftOutTags.Names.API);
    } catch (LeftOutTags.Conflict e) {
      throw GatewayException.invalid(e.field(), e.getMessage());
    }
    TimeWindow window = TimeWindow.of(since, until, clock);
    TraceQuery query = new TraceQuery(limit == null || limit.isNull() ? null : limit.asInt(), text(filters, "model"),
        text(filters, "tenant"), null, window.since(), status, AdminValues.prompt(text(filters, "prompt")),
        tag, window.until(), "chat", null, api, excluded); // embedding calls have no answer to learn from
    return new FromTracesFilters(query, since, until, !filters.isNull() && AdminValues.flag(filters, "append"),
        evalCallsIncluded);
  }

  /** The version's source line: the filters that chose its calls. */
  String source() {
    return TraceItems.source(query, since, until, evalCallsIncluded);
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isTextual()) throw GatewayException.invalid(field, "'" + field + "' must be a string");
    return value.asText();
  }

  /** A JSON array of strings; empty when absent or null. */
  private static List<String> texts(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) throw GatewayException.invalid(field, "'" + field + "' must be an array of strings; got " + value);
    List<String> texts = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw GatewayException.invalid(field, "'" + field + "' must be an array of strings; item " + texts.size()
            + " is " + element);
      }
      texts.add(element.asText());
    }
    return texts;
  }
}
