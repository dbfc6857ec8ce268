package dev.apprentice.providers.simulator;

import dev.apprentice.api.CallContext;
import dev.apprentice.api.ChatProvider;
import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.ChatResponse;
import dev.apprentice.api.ChunkStream;
import dev.apprentice.api.Message;
import dev.apprentice.api.ProviderException;
import dev.apprentice.api.ProviderException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic fake LLM in the process (PRODUCT.md §6): it plays the {@link Simulation} of each request, waiting
 * out its time to first token and token pace, and failing as its fault says. Thread-safe.
 *
 * <p>Per request, the upstream model name's suffix picks the reply: {@code sim-echo}, {@code sim-fixed},
 * {@code sim-lorem}, {@code sim-lorem-200} (200 tokens). Request {@code metadata} keys override that and the
 * settings: {@code sim_mode} ({@code echo|fixed|lorem}), {@code sim_tokens} (lorem length), {@code sim_ttft_ms},
 * {@code sim_tps} (tokens per second, 0 = no pause), {@code sim_fault} (one of {@code none, rate_limit,
 * server_error, connection_reset, timeout, malformed_json, truncated_stream}, forced), {@code sim_tool_call_id}
 * and {@code sim_tool_arguments} (the id and JSON arguments of a tool call answer, otherwise derived and {@code {}}).
 * A tool call answers when the request has tools and its {@code tool_choice} is {@code required} or names a
 * function, or the last user message says "tool". Invalid values fail as {@code INVALID_REQUEST}; a {@code tool_choice}
 * mode or {@code response_format} type OpenAI does not know is refused as OpenAI refuses it ({@link OpenAiValues}).
 */
public final class SimulatorProvider implements ChatProvider {

  /** How long a simulated timeout waits when the call has more time left than this. */
  static final Duration MAX_TIMEOUT_WAIT = Duration.ofSeconds(60);
  private static final Capabilities CAPABILITIES = new Capabilities(true, true, true, false);
  private static final CountDownLatch NEVER = new CountDownLatch(1);
  /** The status a simulated answer begins with, as its simulated failures carry theirs (429, 500). */
  private static final int SIMULATED_OK = 200;
  static final String FINGERPRINT = "fp_apprentice_simulator";

  /** Waits, the way the simulator waits: for a duration, or less once {@code wakeUp} is counted down. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL = (duration, wakeUp) -> wakeUp.await(duration.toNanos(), TimeUnit.NANOSECONDS);

    void sleep(Duration duration, CountDownLatch wakeUp) throws InterruptedException;
  }

  private final String name;
  private static final ChatRequest.StreamOptions WITH_USAGE = new ChatRequest.StreamOptions(true);

  private final Simulation simulation;
  private final Sleeper sleeper;

  public SimulatorProvider(String name, SimulatorSettings settings) {
    this(name, settings, Sleeper.REAL);
  }

  public SimulatorProvider(String name, SimulatorSettings settings, Sleeper sleeper) {
    this.name = name;
    this.simulation = new Simulation(settings);
    this.sleeper = sleeper;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "simulator";
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallContext context) throws ProviderException {
    Simulation.Script script = plan(request.withOutputTokenCap(context.outputTokenCap(), false));
    failBeforeAnswering(script, context);
    if (script.fault() == Simulation.Fault.MALFORMED_JSON || script.fault() == Simulation.Fault.TRUNCATED_STREAM) {
      pauseWithin(script.ttft(), context);
      throw script.fault() == Simulation.Fault.MALFORMED_JSON ? failure(script.fault(), script)
          : new ProviderException(Kind.BAD_RESPONSE, 0, name + ": simulated truncated body");
    }
    long pieces = Math.max(0, script.pieces() - 1);
    pauseWithin(script.ttft().plus(script.perToken().multipliedBy(pieces)), context);
    Message message = script.toolCall() != null
        ? Message.assistant(null, List.of(script.toolCall())) : Message.assistant(script.text());
    List<ChatResponse.Choice> choices = new java.util.ArrayList<>(script.choices());
    for (int i = 0; i < script.choices(); i++) choices.add(new ChatResponse.Choice(i, message, script.finishReason(), null));
    context.upstreamStatus().answered(SIMULATED_OK);
    return new ChatResponse(script.responseId(), "chat.completion", System.currentTimeMillis() / 1000,
        script.model(), choices, script.usage(), FINGERPRINT, null);
  }

  @Override
  public ChunkStream stream(ChatRequest request, CallContext context) throws ProviderException {
    // always with usage, as the openai provider always asks its upstream for it: the gateway books what the stream
    // reports and hands the usage chunk on only to a caller that asked for it
    Simulation.Script script = plan(request.withOutputTokenCap(context.outputTokenCap(), false).toBuilder()
        .streamOptions(WITH_USAGE).build());
    failBeforeAnswering(script, context);
    context.upstreamStatus().answered(SIMULATED_OK);
    return new SimulatedStream(this, script, sleeper);
  }

  private Simulation.Script plan(ChatRequest request) throws ProviderException {
    OpenAiValues.check(name, request);
    try {
      return simulation.plan(request);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(Kind.INVALID_REQUEST, 400, name + ": " + e.getMessage(), null, null);
    }
  }

  /** The faults that come instead of an answer: an error status, a dropped connection, or no answer in time. */
  private void failBeforeAnswering(Simulation.Script script, CallContext context) throws ProviderException {
    switch (script.fault()) {
      case RATE_LIMIT, SERVER_ERROR, CONNECTION_RESET -> throw failure(script.fault(), script);
      case TIMEOUT -> {
        Duration remaining = context.remainingToStart(); // a stream's first-token limit, else the deadline
        pause(remaining.compareTo(MAX_TIMEOUT_WAIT) < 0 ? remaining : MAX_TIMEOUT_WAIT, NEVER);
        throw failure(Simulation.Fault.TIMEOUT, script);
      }
      default -> { }
    }
  }

  /** Waits the duration, or until the deadline and then fails as a timeout. */
  private void pauseWithin(Duration duration, CallContext context) throws ProviderException {
    if (duration.isZero()) return;
    Duration remaining = context.remaining();
    if (duration.compareTo(remaining) >= 0) {
      pause(remaining, NEVER);
      throw new ProviderException(Kind.TIMEOUT, 0, name + ": no answer within " + remaining.toMillis() + " ms",
          null, null);
    }
    pause(duration, NEVER);
  }

  private void pause(Duration duration, CountDownLatch wakeUp) throws ProviderException {
    if (duration.isZero() || duration.isNegative()) return;
    try {
      sleeper.sleep(duration, wakeUp);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Kind.CANCELLED, 0, name + ": call cancelled", null, e);
    }
  }

  /** The exception a fault stands for, as an HTTP upstream showing it would be classified. */
  ProviderException failure(Simulation.Fault fault, Simulation.Script script) {
    return switch (fault) {
      case RATE_LIMIT -> new ProviderException(Kind.RATE_LIMITED, 429, name + ": simulated rate limit",
          script.retryAfter(), null);
      case SERVER_ERROR -> new ProviderException(Kind.SERVER_ERROR, 500, name + ": simulated server error");
      case CONNECTION_RESET -> new ProviderException(Kind.CONNECTION, 0, name + ": simulated connection reset");
      case TIMEOUT -> new ProviderException(Kind.TIMEOUT, 0, name + ": simulated timeout");
      case MALFORMED_JSON -> new ProviderException(Kind.BAD_RESPONSE, 0, name + ": simulated malformed JSON");
      case TRUNCATED_STREAM -> new ProviderException(Kind.BAD_RESPONSE, 0, name + ": stream ended before [DONE]");
      case NONE -> throw new IllegalStateException("no fault to raise");
    };
  }
}
