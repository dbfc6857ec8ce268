package dev.apprentice.server;

import static dev.apprentice.server.ErrorAsserts.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A chat request that meets a failure of the server's own before it becomes a call (here the prompt registry's table
 * is gone from the database): the 500 names its trace id only when that trace is stored, and it is.
 */
class DefectBeforeACallTest {

  private static final String ADMIN_KEY = "admin-key-for-defects-before-a-call";

  @AutoClose
  private final RunningGateway gateway = Gateways.running("""
      providers:
        sim: { type: simulator }
      models:
        echo: { targets: [ { provider: sim, model: sim-echo } ] }
      """, ADMIN_KEY, Clock.systemUTC());

  @Test
  void aDefectBeforeTheCallAnswers500NamingAStoredTrace() throws Exception {
    try (Connection db = DriverManager.getConnection(gateway.server().config().store().url());
        Statement sql = db.createStatement()) {
      sql.execute("ALTER TABLE prompts RENAME TO prompts_lost");
    }

    HttpResponse<String> failed = gateway.http().chat(null, "prompt:greeting", "hello");

    JsonNode error = assertError(failed, 500, "internal_error", "internal_error", null);
    String traceId = failed.headers().firstValue("x-apprentice-trace-id").orElseThrow();
    assertThat(error.path("message").asText()).isEqualTo("internal error (trace " + traceId + ")");
    JsonNode trace = gateway.admin().trace(traceId);
    assertThat(trace.path("status").asInt()).isEqualTo(500);
    assertThat(trace.path("error_code").asText()).isEqualTo("internal_error");
    assertThat(trace.path("error_message").asText()).endsWith("inside the gateway (the server log has the details)");
  }
}
