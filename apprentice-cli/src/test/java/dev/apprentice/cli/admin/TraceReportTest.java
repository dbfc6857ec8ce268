package dev.apprentice.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TraceReportTest {

  @Test
  void eachAttemptShowsWhatItIsBookedAtWithAnEstimateMarked() throws Exception {
    JsonNode trace = new ObjectMapper().readTree("""
        {"id": "tr_1", "started_at": "2026-03-01T10:00:00Z", "model": "smart", "tenant": "acme", "status": 200,
         "input_tokens": 1260, "output_tokens": 40, "usage_estimated": true, "cost_usd": 0.003375,
         "attempts": [
           {"index": 0, "provider": "openai", "upstream_model": "gpt-4o", "latency_ms": 30000, "outcome": "timeout",
            "http_status": 0, "error": "no answer", "input_tokens": 1250, "output_tokens": 0, "cost_usd": 0.003125,
            "cost_estimated": true},
           {"index": 1, "provider": "anthropic", "upstream_model": "claude-x", "latency_ms": 10, "outcome": "ok",
            "http_status": 0, "error": null, "input_tokens": 10, "output_tokens": 40, "cost_usd": 0.00025,
            "cost_estimated": false}]}
        """);
    StringWriter text = new StringWriter();

    TraceReport.print(trace, new PrintWriter(text, true));

    assertThat(text.toString()).contains("COST", "~$0.003125", " $0.000250 ")
        .contains("estimated, in whole or part");
  }

  @Test
  void tokensAreCountedWithThousandsSeparatorsByShowAndListAsByCosts() throws Exception {
    JsonNode trace = new ObjectMapper().readTree("""
        {"id": "tr_4", "started_at": "2026-03-01T10:00:00Z", "model": "smart", "tenant": "acme", "status": 200,
         "input_tokens": 12480, "output_tokens": 1024, "cached_input_tokens": 4096, "reasoning_tokens": 2000,
         "cost_usd": 0.01, "attempts": []}
        """);
    StringWriter text = new StringWriter();

    TraceReport.print(trace, new PrintWriter(text, true));

    assertThat(text.toString()).contains("12,480 in, 1,024 out, 4,096 cached, 2,000 reasoning");
    assertThat(TracesCommand.tokens(trace)).isEqualTo("12,480/1,024");
  }

  @Test
  void aCallTheSemanticCacheTierWasLeftOutOfSaysWhy() throws Exception {
    JsonNode trace = new ObjectMapper().readTree("""
        {"id": "tr_3", "started_at": "2026-03-01T10:00:00Z", "model": "smart", "tenant": "acme", "status": 200,
         "input_tokens": 20, "output_tokens": 10, "cost_usd": 0.0001, "cache": "miss",
         "semantic_skipped": "pii_in_prompt", "attempts": []}
        """);
    StringWriter text = new StringWriter();

    TraceReport.print(trace, new PrintWriter(text, true));

    assertThat(text.toString()).contains("miss (exact tier only: personal data in the prompt)");
  }

  @Test
  void whatCallersAndUpstreamsWroteCannotSendEscapeSequencesOrFakeLinesToTheOperatorsTerminal() throws Exception {
    JsonNode trace = new ObjectMapper().readTree("""
        {"id": "tr_2", "started_at": "2026-03-01T10:00:00Z", "model": "x\\u001b]0;owned\\u0007", "tenant": "acme",
         "status": 404, "error_message": "unknown model\\nstatus   200", "user": "u\\u202egnp.exe",
         "tags": ["team\\u001b[2J"], "response_model": "m\\r", "input_tokens": 0, "output_tokens": 0,
         "cost_usd": 0, "response": "line one\\u001b[31m\\nline two"}
        """);
    StringWriter text = new StringWriter();

    TraceReport.print(trace, new PrintWriter(text, true));

    assertThat(text.toString()).doesNotContain("\u001b", "\u0007", "\u202e", "\r")
        .contains("x?]0;owned?", "team?[2J", "u?gnp.exe", "line one?[31m")
        .doesNotContain("\nstatus   200");
  }
}
