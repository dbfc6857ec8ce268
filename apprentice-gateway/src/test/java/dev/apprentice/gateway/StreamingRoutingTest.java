package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.streamingRequest;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.chunk;
import static dev.apprentice.testing.FakeProvider.hang;
import static dev.apprentice.testing.FakeProvider.roleChunk;
import static dev.apprentice.testing.FakeProvider.streamChunks;
import static dev.apprentice.testing.FakeProvider.streamChunksThenFail;
import static dev.apprentice.testing.FakeProvider.streamChunksThenStall;
import static dev.apprentice.testing.FakeProvider.streamFailAfter;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static dev.apprentice.testing.FakeProvider.streamStallAfter;
import static dev.apprentice.testing.FakeProvider.streamStallBeforeFirst;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ErrorCode;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.api.ToolCall;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamingRoutingTest {

  /**
   * The first-token limit of the tests where a stalled upstream must run it out: long enough that a target that
   * answers gets its first token in well within it on a loaded machine too (the other tests keep the route's default
   * of 10 s, which no answer here comes near).
   */
  private static final Duration TTFT = Duration.ofSeconds(1);

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final FakeSleeper sleeper = new FakeSleeper();
  private final ChatRequest request = streamingRequest("smart");
  private Gateway gateway;
  private Call call;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
    openai.close();
    anthropic.close();
  }

  private Outcome.Streaming stream(TestRoutes route) {
    Random seeded = new Random(5);
    gateway = Gateway.builder().model(route.build()).sleeper(sleeper).random(() -> seeded).build();
    call = gateway.open(request, "trace", Map.of());
    Outcome outcome = gateway.execute(call, request);
    assertThat(outcome).isInstanceOf(Outcome.Streaming.class);
    return (Outcome.Streaming) outcome;
  }

  private TestRoutes smart() {
    return route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"));
  }

  /** {@link #smart()} with the short first-token limit a stalled upstream runs out. */
  private TestRoutes stalling() {
    return smart().ttft(TTFT);
  }

  private static String text(ChatChunk chunk) {
    return chunk.choices().getFirst().delta().content();
  }

  @Test
  void aStreamHandsOverItsFirstChunkAndTheRestInOrder() throws ProviderException {
    openai.then(streamReply("Hel", "lo"));

    Outcome.Streaming streaming = stream(smart());

    assertThat(text(streaming.first())).isEqualTo("Hel");
    assertThat(text(streaming.rest().next())).isEqualTo("lo");
    assertThat(streaming.rest().next().choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(streaming.rest().next()).isNull();
    assertThat(openai.received()).singleElement().satisfies(r -> {
      assertThat(r.streaming()).isTrue();
      assertThat(r.model()).isEqualTo("gpt-4o");
    });
    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void aStreamWithoutAFirstChunkWithinTheTtftFailsOverAndTheStalledStreamIsClosed() throws ProviderException {
    openai.then(streamStallBeforeFirst(Duration.ofSeconds(30)));
    anthropic.then(streamReply("from", " anthropic"));
    long start = System.nanoTime();

    Outcome.Streaming streaming = stream(stalling());

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(text(streaming.first())).isEqualTo("from");
    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(call.attempts().getFirst().failure()).isEqualTo(Kind.TIMEOUT);
    assertThat(call.attempts().getFirst().message()).contains("first token");
    assertThat(openai.closes()).isEqualTo(1);
    assertThat(took).isBetween(TTFT.minusMillis(10), Duration.ofSeconds(20));
    streaming.rest().close();
  }

  @Test
  void aStreamWhoseOpeningHangsFailsOverAtTheTtft() {
    openai.then(hang());
    anthropic.then(streamReply("rescued"));
    long start = System.nanoTime();

    Outcome.Streaming streaming = stream(stalling());

    assertThat(text(streaming.first())).isEqualTo("rescued");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.TIMEOUT, null);
  }

  @Test
  void aStreamThatMissesItsFirstTokenFailsOverWithoutRetryingTheSameTarget() {
    openai.byDefault(streamStallBeforeFirst(Duration.ofSeconds(30)));
    anthropic.then(streamReply("rescued"));

    Outcome.Streaming streaming = stream(stalling().retries(2));

    assertThat(text(streaming.first())).isEqualTo("rescued");
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.TIMEOUT, null);
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void theLastTargetIsTriedAgainAfterMissingItsFirstTokenWhileTimeRemains() {
    openai.then(streamStallBeforeFirst(Duration.ofSeconds(30)), streamReply("second try"));

    Outcome.Streaming streaming = stream(route("smart", target(openai, "gpt-4o")).ttft(TTFT).retries(1));

    assertThat(text(streaming.first())).isEqualTo("second try");
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.TIMEOUT, null);
  }

  @Test
  void aWaitForTheFirstTokenCutShortByTheCallsDeadlineSaysSoInsteadOfNamingTheTtft() {
    openai.byDefault(streamStallBeforeFirst(Duration.ofSeconds(30)));
    anthropic.byDefault(streamStallBeforeFirst(Duration.ofSeconds(30)));
    TestRoutes route = route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .ttft(Duration.ofMillis(1000)).timeout(Duration.ofMillis(1500));

    assertThatThrownBy(() -> stream(route)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
      assertThat(e.getMessage()).contains("did not answer within 1500 ms");
    });
    assertThat(call.attempts()).extracting(Attempt::message).containsExactly(
        "openai/gpt-4o: no first token within 1000 ms",
        "anthropic/claude-sonnet: no first token before the call's deadline (timeout_ms 1500)");
  }

  @Test
  void aStreamThatFailsAfterItsFirstChunkIsNotRetriedAndTheFailureReachesTheReader() throws ProviderException {
    openai.then(streamFailAfter(2, Kind.SERVER_ERROR));

    Outcome.Streaming streaming = stream(smart().retries(2));

    assertThat(text(streaming.first())).isEqualTo("c0");
    assertThat(text(streaming.rest().next())).isEqualTo("c1");
    assertThatThrownBy(() -> streaming.rest().next()).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR));
    assertThat(openai.calls()).isEqualTo(1);
    assertThat(anthropic.calls()).isZero();
    assertThat(sleeper.sleeps()).isEmpty();
  }

  @Test
  void aStreamPastTheCallDeadlineEndsWithATimeoutFromNext() throws ProviderException {
    openai.then(streamStallAfter(1));
    long start = System.nanoTime();

    Outcome.Streaming streaming = stream(smart().timeout(Duration.ofSeconds(1)));

    assertThat(text(streaming.first())).isEqualTo("c0");
    assertThatThrownBy(() -> streaming.rest().next()).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(950), Duration.ofSeconds(20));
    assertThat(openai.closes()).isEqualTo(1);
  }

  @Test
  void closingTheRestCancelsTheUpstreamStream() {
    openai.then(streamStallAfter(1));

    Outcome.Streaming streaming = stream(smart());
    streaming.rest().close();

    assertThat(openai.closes()).isEqualTo(1);
    assertThatThrownBy(() -> streaming.rest().next()).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
  }

  @Test
  void aStreamThatOpensWithAnEmptyRoleChunkThenFailsFailsOverToTheNextTarget() {
    openai.then(streamChunksThenFail(Kind.OVERLOADED, roleChunk()));
    anthropic.then(streamReply("rescued"));

    Outcome.Streaming streaming = stream(smart());

    assertThat(text(streaming.first())).isEqualTo("rescued");
    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.OVERLOADED, null);
    assertThat(openai.closes()).isEqualTo(1);
  }

  @Test
  void aStreamThatOpensWithAnEmptyRoleChunkThenStallsFailsOverAtTheTtft() {
    openai.then(streamChunksThenStall(roleChunk()));
    anthropic.then(streamReply("rescued"));

    Outcome.Streaming streaming = stream(stalling());

    assertThat(text(streaming.first())).isEqualTo("rescued");
    assertThat(call.attempts().getFirst().failure()).isEqualTo(Kind.TIMEOUT);
    assertThat(call.attempts().getFirst().message()).contains("first token");
    assertThat(openai.closes()).isEqualTo(1);
  }

  @Test
  void aStreamThatEndsAfterOnlyContentFreeChunksFailsOver() {
    openai.then(streamChunks(roleChunk()));
    anthropic.then(streamReply("rescued"));

    Outcome.Streaming streaming = stream(smart());

    assertThat(text(streaming.first())).isEqualTo("rescued");
    assertThat(call.attempts().getFirst().failure()).isEqualTo(Kind.BAD_RESPONSE);
  }

  @Test
  void contentFreeOpeningChunksAreHeldBackUntilTheFirstTokenAndThenReachTheReaderFirstInOrder()
      throws ProviderException {
    ChatChunk promptFilter = new ChatChunk("azure", ChatChunk.OBJECT, 0L, "", List.of(), null, null,
        Map.of("prompt_filter_results", List.of()));
    openai.then(streamChunks(promptFilter, roleChunk(), textChunk("Hi"), chunk(ChatChunk.Delta.text(null), "stop")));

    Outcome.Streaming streaming = stream(smart());

    assertThat(streaming.first()).isSameAs(promptFilter);
    assertThat(streaming.rest().next().choices().getFirst().delta().role()).isEqualTo("assistant");
    assertThat(text(streaming.rest().next())).isEqualTo("Hi");
    assertThat(streaming.rest().next().choices().getFirst().finishReason()).isEqualTo("stop");
    assertThat(streaming.rest().next()).isNull();
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly((Kind) null);
  }

  @Test
  void aToolCallOrAFinishReasonIsOutputEvenWithoutText() throws ProviderException {
    var toolCall = new ToolCall(0, "call_1", "function",
        new ToolCall.FunctionCall("get_weather", ""));
    ChatChunk toolCallChunk = chunk(new ChatChunk.Delta(null, null, List.of(toolCall), null, null), null);
    openai.then(streamChunksThenStall(roleChunk(), toolCallChunk));

    Outcome.Streaming streaming = stream(smart());

    assertThat(streaming.first().choices().getFirst().delta().role()).isEqualTo("assistant");
    assertThat(streaming.rest().next().choices().getFirst().delta().toolCalls()).containsExactly(toolCall);
    assertThat(call.servedBy()).isEqualTo("openai/gpt-4o");
    streaming.rest().close();
  }
}
