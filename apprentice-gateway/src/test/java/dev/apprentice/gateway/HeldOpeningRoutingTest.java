package dev.apprentice.gateway;

import static dev.apprentice.gateway.TestRoutes.route;
import static dev.apprentice.gateway.TestRoutes.streamingRequest;
import static dev.apprentice.gateway.TestRoutes.target;
import static dev.apprentice.testing.FakeProvider.streamChunksThenFail;
import static dev.apprentice.testing.FakeProvider.streamReply;
import static dev.apprentice.testing.FakeProvider.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apprentice.api.ChatChunk;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.GatewayException;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import dev.apprentice.gateway.routing.ModelRoute;
import dev.apprentice.testing.FakeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call that holds its streams' openings past the first token ({@link Call#holdOpening}) has each attempt read them
 * so: a failure meanwhile fails the attempt, which falls over as one before the first token does, keeping what the
 * upstream sent; what was read is handed over from the start, in order, and a stream that ended meanwhile ends there.
 */
class HeldOpeningRoutingTest {

  /** Holds the first token and the two chunks after it, as a guard whose window they fill would. */
  private static final OpeningHold THREE_CHUNKS = (first, rest) -> {
    for (int read = 0; read < 2; read++) {
      if (rest.next() == null) return;
    }
  };

  private final FakeProvider openai = new FakeProvider("openai");
  private final FakeProvider anthropic = new FakeProvider("anthropic");
  private final ChatRequest request = streamingRequest("smart");
  private Gateway gateway;
  private Call call;

  @AfterEach
  void closeGateway() {
    if (gateway != null) gateway.close();
    openai.close();
    anthropic.close();
  }

  @Test
  void aStreamThatBreaksOffWhileItsOpeningIsHeldFailsOverAndKeepsWhatItSentForItsBooking() throws Exception {
    openai.then(streamChunksThenFail(Kind.CONNECTION, textChunk("Use "), textChunk("the key ")));
    anthropic.then(streamReply("All ", "is ", "well."));

    Outcome.Streaming streaming = stream(THREE_CHUNKS);

    assertThat(texts(streaming)).containsExactly("All ", "is ", "well.");
    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.CONNECTION, null);
    Attempt broken = call.attempts().getFirst();
    assertThat(broken.brokenOpening().choices().getFirst().message().text()).isEqualTo("Use the key ");
    assertThat(broken.givenUpAfterSending()).as("booked at what its upstream sent").isTrue();
    assertThat(call.servedBy()).isEqualTo("anthropic/claude-sonnet");
    assertThat(openai.closes()).isEqualTo(1);
  }

  @Test
  void aStreamThatEndsWhileItsOpeningIsHeldIsHandedOverWholeAndEndsThere() throws Exception {
    openai.then(streamReply("Short."));

    Outcome.Streaming streaming = stream(THREE_CHUNKS);

    assertThat(texts(streaming)).containsExactly("Short.");
    assertThat(call.attempts()).extracting(Attempt::failure).containsOnlyNulls();
    assertThat(anthropic.calls()).isZero();
  }

  @Test
  void aClientThatLeavesBetweenTheReadsOfAHeldOpeningAbandonsItsAttemptAsOneThatLeavesDuringARead() {
    openai.then(streamReply("Use ", "the key ", "now."));
    anthropic.then(streamReply("All ", "is ", "well."));
    // the departure lands between two reads: the hold sees it and stops, no read was cut short
    OpeningHold leftBetweenReads = (first, rest) -> {
      rest.next();
      call.cancel();
    };

    assertThatThrownBy(() -> stream(leftBetweenReads)).isInstanceOf(GatewayException.class);

    assertThat(call.attempts()).extracting(Attempt::failure).containsExactly(Kind.CANCELLED);
    Attempt abandoned = call.attempts().getFirst();
    assertThat(abandoned.brokenOpening().choices().getFirst().message().text()).isEqualTo("Use the key ");
    assertThat(abandoned.givenUpAfterSending()).as("booked at what its upstream sent").isTrue();
    assertThat(anthropic.calls()).as("no fallback").isZero();
    assertThat(openai.closes()).isEqualTo(1);
  }

  @Test
  void aClientThatLeavesOnceTheHeldOpeningHasReadItsStreamToTheEndLeavesTheAttemptAnsweredWhole() throws Exception {
    openai.then(streamReply("Short."));
    // the stream had ended whole before the departure: the answer is the upstream's, the client's leaving the writer's
    OpeningHold leftAfterTheEnd = (first, rest) -> {
      while (rest.next() != null) {
        // reads the stream to its end
      }
      call.cancel();
    };

    Outcome.Streaming streaming = stream(leftAfterTheEnd);

    assertThat(texts(streaming)).containsExactly("Short.");
    assertThat(call.attempts()).extracting(Attempt::failure).containsOnlyNulls();
    assertThat(anthropic.calls()).isZero();
  }

  @Test
  void anAttemptsLatencyEndsAtItsFirstTokenThoughItHeldItsOpeningAndTheReadIsUpstreamTime() throws Exception {
    openai.then(streamChunksThenFail(Kind.CONNECTION, textChunk("Use "), textChunk("the key ")));
    anthropic.then(streamReply("All ", "is ", "well."));
    long began = System.nanoTime();
    List<Long> holdsBegan = new ArrayList<>();
    List<Long> holdsTook = new ArrayList<>();
    OpeningHold slow = (first, rest) -> {
      long from = System.nanoTime();
      holdsBegan.add(from);
      try {
        // holds on longer than the call had taken by then, however slow the machine: a latency that ran to the end
        // of the hold would be longer than any that ended at the first token
        while (System.nanoTime() - from <= from - began) LockSupport.parkNanos(1_000_000);
        THREE_CHUNKS.readOn(first, rest);
      } finally {
        holdsTook.add(System.nanoTime() - from);
      }
    };

    Outcome.Streaming streaming = stream(slow);

    assertThat(texts(streaming)).containsExactly("All ", "is ", "well.");
    List<Attempt> attempts = call.attempts();
    assertThat(attempts).extracting(Attempt::failure).containsExactly(Kind.CONNECTION, null);
    for (int i = 0; i < attempts.size(); i++) {
      assertThat(attempts.get(i).latencyNanos()).as("attempt %d: to its first token, before its hold began", i)
          .isLessThanOrEqualTo(holdsBegan.get(i) - began);
    }
    long latencies = attempts.stream().mapToLong(Attempt::latencyNanos).sum();
    assertThat(call.upstreamNanos()).as("the reads ahead are upstream time all the same, not overhead")
        .isGreaterThanOrEqualTo(latencies + holdsTook.stream().mapToLong(Long::longValue).sum());
  }

  private Outcome.Streaming stream(OpeningHold hold) {
    Random seeded = new Random(5);
    ModelRoute built = route("smart", target(openai, "gpt-4o"), target(anthropic, "claude-sonnet"))
        .ttft(Duration.ofSeconds(5)).build();
    gateway = Gateway.builder().model(built).sleeper(new FakeSleeper()).random(() -> seeded).build();
    call = gateway.open(request, "trace", Map.of());
    if (hold != null) call.holdOpening(hold);
    return (Outcome.Streaming) gateway.execute(call, request);
  }

  /** The texts the reader gets, first chunk on, to the end (finish chunks carry none). */
  private static List<String> texts(Outcome.Streaming streaming) throws ProviderException {
    List<String> texts = new ArrayList<>();
    ChunkStream rest = streaming.rest();
    for (ChatChunk chunk = streaming.first(); chunk != null; chunk = rest.next()) {
      String text = chunk.choices().getFirst().delta().content();
      if (text != null && !text.isEmpty()) texts.add(text);
    }
    rest.close();
    return texts;
  }
}
