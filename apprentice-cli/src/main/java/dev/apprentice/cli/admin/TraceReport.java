package dev.apprentice.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The human view of one trace: its fields, its attempts and the targets it passed over as tables, and its captured
 * bodies.
 */
final class TraceReport {

  private TraceReport() {}

  static void print(JsonNode t, PrintWriter out) {
    List<String[]> fields = new ArrayList<>();
    add(fields, "trace", Cells.text(t, "id"));
    add(fields, "started", Cells.time(t, "started_at") + " UTC");
    add(fields, "model", Cells.text(t, "model") + (t.path("stream").asBoolean() ? " (stream)" : ""));
    add(fields, "prompt", Cells.text(t, "prompt"));
    add(fields, "api", api(t));
    add(fields, "served by", TracesCommand.servedBy(t));
    add(fields, "answered as", Cells.text(t, "response_model"));
    add(fields, "fingerprint", Cells.text(t, "system_fingerprint"));
    add(fields, "tenant", Cells.text(t, "tenant") + (t.hasNonNull("key_id") ? " (key " + t.get("key_id").asText() + ")" : ""));
    add(fields, "status", TracesCommand.status(t));
    add(fields, "error", Cells.text(t, "error_message"));
    add(fields, "tokens", tokens(t));
    add(fields, "cost", Cells.usd(t.path("cost_usd").asDouble()));
    add(fields, "latency", Cells.millis(t, "latency_ms") + ", time to first token " + Cells.millis(t, "ttft_ms")
        + ", gateway overhead " + String.format(Locale.ROOT, "%.2f ms", t.path("overhead_ms").asDouble()));
    add(fields, "cache", cache(t));
    add(fields, "retrieval", retrieval(t));
    add(fields, "user", Cells.text(t, "user"));
    if (!t.path("tags").isEmpty()) add(fields, "tags", join(t.path("tags")));
    if (!t.path("metadata").isEmpty()) add(fields, "metadata", t.path("metadata").toString());
    int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0);
    for (String[] f : fields) out.println(f[0] + " ".repeat(width - f[0].length()) + "  " + f[1]);

    if (!t.path("attempts").isEmpty()) {
      out.println();
      // STARTED: when each attempt began after the call's start ("-" in a trace kept before it was recorded)
      Table attempts = new Table().number("#").column("PROVIDER").column("UPSTREAM MODEL").number("STARTED")
          .number("LATENCY").column("OUTCOME").number("HTTP").number("COST").column("ERROR");
      for (JsonNode a : t.path("attempts")) {
        // "~": counted locally (an attempt given up after its request was sent, an answer without usage)
        String cost = (a.path("cost_estimated").asBoolean() ? "~" : "") + Cells.usd(a.path("cost_usd").asDouble());
        attempts.row(Cells.text(a, "index"), Cells.text(a, "provider"), Cells.text(a, "upstream_model"),
            Cells.millis(a, "started_ms"), Cells.millis(a, "latency_ms"), Cells.text(a, "outcome"), Cells.text(a, "http_status"), cost,
            Cells.text(a, "error"));
      }
      attempts.print(out);
    }
    if (!t.path("skipped").isEmpty()) {
      out.println();
      out.println("skipped (no request sent):");
      Table skipped = new Table().column("PROVIDER").column("UPSTREAM MODEL").column("REASON").column("MESSAGE");
      for (JsonNode s : t.path("skipped")) {
        skipped.row(Cells.text(s, "provider"), Cells.text(s, "upstream_model"), Cells.text(s, "reason"),
            Cells.text(s, "message"));
      }
      skipped.print(out);
    }
    if (!t.path("retrieved").isEmpty()) {
      out.println();
      out.println("retrieved (inserted into the prompt, best first):");
      Table chunks = new Table().column("COLLECTION").column("CHUNK").number("SCORE");
      for (JsonNode c : t.path("retrieved")) {
        chunks.row(Cells.text(c, "collection"), Cells.text(c, "chunk_id"),
            String.format(Locale.ROOT, "%.4f", c.path("score").asDouble()));
      }
      chunks.print(out);
    }
    if (!t.path("left_out").isEmpty()) {
      out.println();
      out.println("left out (found, not inserted):");
      Table chunks = new Table().column("CHUNK").number("SCORE").column("WHY");
      for (JsonNode c : t.path("left_out")) {
        chunks.row(Cells.text(c, "chunk_id"), String.format(Locale.ROOT, "%.4f", c.path("score").asDouble()),
            leftOut(c));
      }
      chunks.print(out);
    }
    if (!t.path("guard").isEmpty()) {
      out.println();
      Table verdicts = new Table().column("GUARD").column("SCANNER").column("ACTION").number("SCORE");
      for (JsonNode v : t.path("guard")) {
        verdicts.row(Cells.text(v, "direction"), Cells.text(v, "scanner"), Cells.text(v, "action"),
            String.format(Locale.ROOT, "%.2f", v.path("score").asDouble()));
      }
      verdicts.print(out);
    }
    body(t, "request", out);
    body(t, "response", out);
  }

  /** The wire API the call came through, with its route (a server older than the field sends none: left out). */
  private static String api(JsonNode t) {
    String api = Cells.text(t, "api");
    return switch (api) {
      case "chat_completions" -> "chat completions (/v1/chat/completions)";
      case "responses" -> "responses (/v1/responses)";
      case "embeddings" -> "embeddings (/v1/embeddings)";
      default -> api;
    };
  }

  /**
   * {@code miss}, or the tier with the similarity and what the hit saved; and why the semantic tier was left out, when
   * it was.
   */
  private static String cache(JsonNode t) {
    String cache = Cells.text(t, "cache");
    if (t.hasNonNull("semantic_skipped")) cache += " (" + semanticSkipped(t.get("semantic_skipped").asText()) + ")";
    if (!t.hasNonNull("cache_similarity")) return cache;
    return cache + String.format(Locale.ROOT, " (similarity %.4f, saved %s)", t.path("cache_similarity").asDouble(),
        Cells.usd(t.path("cost_saved_usd").asDouble()));
  }

  /** Why the semantic tier was left out: only the exact tier answered and kept the call. */
  private static String semanticSkipped(String reason) {
    return "exact tier only: " + switch (reason) {
      case "pii_in_prompt" -> "personal data in the prompt";
      case "secret_in_prompt" -> "a secret in the prompt";
      case "pii_in_answer" -> "personal data in the answer that the request did not hold";
      case "secret_in_answer" -> "a secret in the answer that the request did not hold";
      case "private_hit" -> "the answer found by meaning holds a value this request does not; not served";
      case "check_failed" -> "the check for private values failed (the server's log says why)";
      default -> reason;
    };
  }

  /**
   * How long a {@code rag:} model's search took and what it put in (the chunks are listed below); why the call was not
   * searched, when it was not; or that its search found nothing.
   */
  private static String retrieval(JsonNode t) {
    String took = t.hasNonNull("retrieval_ms")
        ? String.format(Locale.ROOT, "%.2f ms", t.get("retrieval_ms").asDouble()) : null;
    JsonNode retrieved = t.path("retrieved");
    if (retrieved.isArray() && !retrieved.isEmpty()) {
      return took == null ? Cells.NONE : "searched in " + took + ", " + Cells.count(retrieved.size(), "chunk")
          + " inserted (below)";
    }
    if (retrieved.isArray()) {
      return "searched" + (took == null ? "" : " in " + took) + ", nothing inserted (an empty collection, no chunk at"
          + " min_score, all dropped by the input guard, or none within max_context_tokens)";
    }
    String skipped = Cells.text(t, "retrieval_skipped");
    if (skipped.equals(Cells.NONE)) return skipped;
    return "skipped: " + switch (skipped) {
      case "no_query" -> "no user message with text to search with";
      case "failed" -> "the search failed (the server's log says why); answered without context";
      case "timed_out" -> "the query could not be embedded before the call's deadline";
      default -> skipped;
    } + (took == null ? "" : " (after " + took + ")");
  }

  /** Why a chunk the search found was not inserted. */
  private static String leftOut(JsonNode c) {
    return switch (Cells.text(c, "reason")) {
      case "duplicate" -> "same text as " + Cells.text(c, "same_as");
      case "context_budget" -> "over max_context_tokens";
      default -> Cells.text(c, "reason");
    };
  }

  private static String tokens(JsonNode t) {
    StringBuilder text = new StringBuilder()
        .append(Cells.count(t.path("input_tokens").asLong())).append(" in, ").append(Cells.count(t.path("output_tokens").asLong())).append(" out");
    if (t.path("cached_input_tokens").asLong() > 0) text.append(", ").append(Cells.count(t, "cached_input_tokens")).append(" cached");
    if (t.path("cache_write_tokens").asLong() > 0) text.append(", ").append(Cells.count(t, "cache_write_tokens")).append(" cache write");
    if (t.path("reasoning_tokens").asLong() > 0) text.append(", ").append(Cells.count(t, "reasoning_tokens")).append(" reasoning");
    if (t.path("usage_estimated").asBoolean()) {
      text.append(" (estimated, in whole or part: counted locally where the provider reported no usage)");
    }
    return text.toString();
  }

  private static void body(JsonNode t, String field, PrintWriter out) {
    if (!t.has(field)) return;
    out.println();
    out.println(field + ":");
    JsonNode body = t.get(field);
    String text = body.isTextual() ? body.asText() : AdminJson.pretty(body);
    for (String line : text.split("\\R")) out.println("  " + Table.printable(line));
  }

  /** A field to show; its value may hold what a caller or an upstream wrote, so hidden characters are shown as '?'. */
  private static void add(List<String[]> fields, String name, String value) {
    if (!value.equals(Cells.NONE)) fields.add(new String[] {name, Table.printable(value)});
  }

  private static String join(JsonNode list) {
    List<String> items = new ArrayList<>();
    list.forEach(i -> items.add(i.asText()));
    return String.join(", ", items);
  }
}
