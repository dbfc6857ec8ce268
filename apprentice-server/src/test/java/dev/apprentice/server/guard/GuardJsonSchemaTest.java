package dev.apprentice.server.guard;

import static dev.apprentice.server.guard.GuardedGateway.request;
import static dev.apprentice.testing.FakeProvider.fail;
import static dev.apprentice.testing.FakeProvider.reply;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.trace.GuardVerdict;
import dev.apprentice.api.trace.TraceRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Answers checked against the JSON schema their request asked for: flag, block, one retry, and streams. */
class GuardJsonSchemaTest {

  private static final Map<String, Object> PERSON = Map.of("type", "object",
      "properties", Map.of("name", Map.of("type", "string"), "age", Map.of("type", "integer")),
      "required", List.of("name", "age"));
  private static final String GOOD = "{\"name\":\"Ada\",\"age\":36}";
  private static final String BAD = "{\"name\":\"Ada\"}";

  private static ChatRequest person(boolean stream) {
    Map<String, Object> format = Map.of("type", "json_schema", "json_schema", Map.of("name", "person", "schema", PERSON));
    return request(stream, format, Message.user("Invent a person"));
  }

  @Test
  void aFlaggedSchemaFailureStillAnswersAndIsTraced() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: flag }\n")) {
      gateway.upstream.then(reply(BAD));

      assertThat(gateway.text(person(false))).isEqualTo(BAD);

      assertThat(gateway.lastTrace().details().verdicts()).singleElement().satisfies(v -> {
        assertThat(v.scanner()).isEqualTo("json_schema");
        assertThat(v.action()).isEqualTo("flag");
        assertThat(v.findings()).containsEntry("SCHEMA_VIOLATION", 1);
      });
    }
  }

  @Test
  void aBlockedSchemaFailureAnswers422ButStillChargesTheAnswer() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: block }\n")) {
      gateway.upstream.then(reply(BAD));

      assertThatThrownBy(() -> gateway.text(person(false))).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED);
        assertThat(e.getMessage()).contains("'json_schema'").contains("age");
      });

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(422);
      assertThat(trace.tokens().output()).as("the upstream's answer was paid for").isPositive();
      assertThat(trace.costUsd()).isPositive();
      assertThat(trace.response()).contains("Ada");
    }
  }

  @Test
  void aRetryAsksOnceMoreAndAnswersWithTheConformingSecondAnswer() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: block, json_schema_retry: true }\n")) {
      gateway.upstream.then(reply(BAD), reply(GOOD));

      assertThat(gateway.text(person(false))).isEqualTo(GOOD);

      assertThat(gateway.upstream.calls()).isEqualTo(2);
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(200);
      assertThat(trace.attempts()).hasSize(2);
      assertThat(trace.details().verdicts()).extracting(GuardVerdict::action).containsExactly("retry", "pass");
    }
  }

  @Test
  void aRetryThatFailsAgainIsBlockedWithoutAThirdAttempt() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: block, json_schema_retry: true }\n")) {
      gateway.upstream.byDefault(reply(BAD));

      assertThatThrownBy(() -> gateway.text(person(false))).isInstanceOf(GatewayException.class);

      assertThat(gateway.upstream.calls()).isEqualTo(2);
      assertThat(gateway.lastTrace().details().verdicts()).extracting(GuardVerdict::action)
          .containsExactly("retry", "block");
    }
  }

  @Test
  void aRetryThatCannotBeAnsweredLeavesTheFirstPaidAnswerJudgedByThePolicy() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: flag, json_schema_retry: true }\n")) {
      gateway.upstream.then(reply(BAD)).byDefault(fail(Kind.INVALID_REQUEST));

      assertThat(gateway.text(person(false))).as("the first answer, flagged").isEqualTo(BAD);

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).isEqualTo(200);
      assertThat(trace.tokens().output()).as("the first answer was paid for").isPositive();
      assertThat(trace.usageEstimated()).isFalse();
      assertThat(trace.details().verdicts()).extracting(GuardVerdict::action).containsExactly("retry", "flag");
    }
  }

  /** A request meant to repeat (temperature 0), which the cache keeps. */
  private static ChatRequest repeatablePerson() {
    ChatRequest r = person(false);
    return ChatRequest.builder().model(r.model()).messages(r.messages()).temperature(0.0)
        .responseFormat(r.responseFormat()).build();
  }

  @Test
  void aRetryAsksTheModelAgainNotTheCacheThatHeldTheFailingAnswer() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: flag, json_schema_retry: true }\n")) {
      gateway.upstream.then(reply(BAD), reply(BAD), reply(GOOD));
      assertThat(gateway.text(repeatablePerson())).as("both failed: flagged and kept").isEqualTo(BAD);

      assertThat(gateway.text(repeatablePerson())).as("the cached answer fails; the retry asks the model")
          .isEqualTo(GOOD);

      assertThat(gateway.upstream.calls()).isEqualTo(3);
      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.cache()).as("the answer served came from the model").isEqualTo("miss");
      assertThat(trace.costUsd()).as("the retry was paid for").isPositive();
      assertThat(trace.tokens().output())
          .as("half the first call's, which paid for two answers: the cached one cost nothing this time")
          .isEqualTo(gateway.traces.getFirst().tokens().output() / 2);
      assertThat(gateway.text(repeatablePerson())).as("the conforming answer is the one kept").isEqualTo(GOOD);
      assertThat(gateway.upstream.calls()).isEqualTo(3);
    }
  }

  @Test
  void aCachedAnswerWhoseRetryCouldNotBeAnsweredIsStillTracedAsTheCacheHitItWas() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: flag, json_schema_retry: true }\n")) {
      gateway.upstream.then(reply(BAD), reply(BAD)).byDefault(fail(Kind.INVALID_REQUEST));
      gateway.text(repeatablePerson()); // both failed: flagged and kept

      assertThat(gateway.text(repeatablePerson())).as("the cached answer, flagged").isEqualTo(BAD);

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.cache()).isEqualTo("exact");
      assertThat(trace.costUsd()).as("no model answered this call").isZero();
    }
  }

  @Test
  void aFirstAnswerThatFailedItsSchemaIsNotKeptWhenTheRetryCouldNotBeAnswered() {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: flag, json_schema_retry: true }\n")) {
      gateway.upstream.then(reply(BAD)).byDefault(fail(Kind.INVALID_REQUEST));

      assertThat(gateway.text(repeatablePerson())).isEqualTo(BAD);

      assertThat(gateway.cache.entries).as("an answer that failed its schema, left standing only for want of another")
          .isEmpty();
    }
  }

  @Test
  void aStreamThatFailsItsSchemaEndsWithAnErrorInsteadOfItsEnd() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: block }\n")) {
      gateway.upstream.then(streamReply("{\"name\":", "\"Ada\"}"));

      assertThatThrownBy(() -> gateway.streamedContents(person(true))).isInstanceOfSatisfying(GatewayException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_BLOCKED));

      TraceRecord trace = gateway.lastTrace();
      assertThat(trace.status()).as("the stream had started").isEqualTo(200);
      assertThat(trace.errorCode()).isEqualTo("content_blocked");
      assertThat(trace.details().verdicts()).extracting(GuardVerdict::action).containsExactly("block");
    }
  }

  @Test
  void aConformingStreamEndsNormallyWithAPassingVerdict() throws Exception {
    try (GuardedGateway gateway = new GuardedGateway("      output: { json_schema: block }\n")) {
      gateway.upstream.then(streamReply("{\"name\":\"Ada\",", "\"age\":36}"));

      assertThat(String.join("", gateway.streamedContents(person(true)).stream().filter(c -> c != null).toList()))
          .isEqualTo(GOOD);

      assertThat(gateway.lastTrace().errorCode()).isNull();
      assertThat(gateway.lastTrace().details().verdicts()).extracting(GuardVerdict::action).containsExactly("pass");
    }
  }
}
