package dev.apprentice.providers.simulator;

import dev.apprentice.api.ChatRequest;
import dev.apprentice.api.Message;
import dev.apprentice.api.Tool;
import dev.apprentice.api.ToolCall;
import dev.apprentice.api.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plans what the simulator answers to a request: the fault, the tokens, their timing and the usage, without doing
 * any of it. The in-process provider plays a {@link Script} out; a server can render the same script on the wire.
 *
 * <p>Text, id and usage depend only on the request (and its {@code seed}). Fault draws are deterministic per request
 * when the request brings a {@code seed}; with only a configured seed they follow one reproducible sequence (so a
 * retry draws again); with neither they are random. Thread-safe.
 */
public final class Simulation {

  static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final String DEFAULT_MODEL = "simulator";
  private static final String DEFAULT_ARGUMENTS = "{}";

  /** The failure a script plays instead of (or in the middle of) its answer. */
  public enum Fault { NONE, RATE_LIMIT, SERVER_ERROR, CONNECTION_RESET, TIMEOUT, MALFORMED_JSON, TRUNCATED_STREAM }

  /**
   * One planned answer. {@code tokens} joined give the reply text; a tool-call answer has no tokens and a
   * {@code toolCall}. {@code ttft} comes before the first chunk, {@code perToken} before each later one. The answer
   * has {@code choices} identical choices (the request's {@code n}), and its usage counts the output of all of them.
   */
  public record Script(
      Fault fault,
      List<String> tokens,
      Duration ttft,
      Duration perToken,
      Usage usage,
      String responseId,
      String model,
      String finishReason,
      ToolCall toolCall,
      boolean includeUsage,
      Duration retryAfter,
      int choices) {

    public String text() {
      if (tokens.size() == 1) return tokens.getFirst();
      StringBuilder text = new StringBuilder(tokens.size() * 6);
      for (int i = 0, n = tokens.size(); i < n; i++) text.append(tokens.get(i));
      return text.toString();
    }

    /** The content pieces a stream sends: one per token, or two for a tool call (its head, then its arguments). */
    public int pieces() {
      return toolCall != null ? 2 : tokens.size();
    }

    /** How many pieces a truncated stream sends before it breaks off. */
    public int truncatedAfter() {
      return pieces() / 2;
    }
  }

  private final SimulatorSettings settings;
  private final List<String> fixedTokens;
  private final AtomicLong faultSequence;

  public Simulation(SimulatorSettings settings) {
    this.settings = settings;
    this.fixedTokens = Tokens.split(settings.fixedText());
    this.faultSequence = settings.seed() == null ? null : new AtomicLong(settings.seed());
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /**
   * The script for one request.
   *
   * @throws IllegalArgumentException when a {@code sim_*} metadata value or the {@code tool_choice} is invalid
   */
  public Script plan(ChatRequest request) {
    Overrides overrides = Overrides.of(request, settings);
    String model = request.model() == null ? DEFAULT_MODEL : request.model();
    long seed = request.seed() == null ? 0 : request.seed();
    long identity = mix(identity(request) ^ mix(seed));
    Fault fault = overrides.fault() != null ? overrides.fault() : drawFault(request.seed(), identity);
    ToolCall toolCall = toolCall(request, overrides, identity);
    List<String> tokens = List.of();
    String finishReason = "tool_calls";
    int completionTokens;
    if (toolCall != null) {
      completionTokens = 3 + Tokens.count(toolCall.function().name()) + Tokens.count(toolCall.function().arguments());
    } else {
      tokens = switch (overrides.mode()) {
        case SimulatorSettings.FIXED -> fixedTokens;
        case SimulatorSettings.LOREM -> Lorem.tokens(overrides.loremTokens(), identity);
        default -> Tokens.split(lastUserText(request.messages()));
      };
      Integer limit = request.outputTokenLimit();
      finishReason = "stop";
      if (limit != null && limit >= 0 && tokens.size() > limit) {
        tokens = tokens.subList(0, limit);
        finishReason = "length";
      }
      completionTokens = tokens.size();
    }
    double tps = overrides.tokensPerSecond();
    Duration perToken = tps > 0 ? Duration.ofNanos(Math.round(1_000_000_000 / tps)) : Duration.ZERO;
    boolean includeUsage = request.streamOptions() != null && request.streamOptions().usageRequested();
    int choices = request.n() == null ? 1 : Math.max(1, request.n());
    return new Script(fault, tokens, overrides.ttft(), perToken,
        Usage.of(Tokens.prompt(request), completionTokens * choices), "chatcmpl-sim" + Long.toHexString(identity),
        model, finishReason, toolCall, includeUsage, Duration.ofSeconds(settings.faults().retryAfterSeconds()),
        choices);
  }

  private Fault drawFault(Long requestSeed, long identity) {
    SimulatorFaults faults = settings.faults();
    if (!faults.any()) return Fault.NONE;
    double draw;
    if (requestSeed != null) draw = unit(identity + GOLDEN_GAMMA);
    else if (faultSequence != null) draw = unit(faultSequence.addAndGet(GOLDEN_GAMMA));
    else draw = ThreadLocalRandom.current().nextDouble();
    return faults.pick(draw);
  }

  private static ToolCall toolCall(ChatRequest request, Overrides overrides, long identity) {
    List<Tool> tools = request.tools();
    if (tools == null || tools.isEmpty()) return null;
    Object choice = request.toolChoice();
    Tool tool = null;
    if (choice instanceof Map<?, ?> named) {
      Object name = named.get("function") instanceof Map<?, ?> function ? function.get("name") : null;
      for (Tool candidate : tools) {
        if (tool == null && candidate.function() != null && Objects.equals(candidate.function().name(), name)) {
          tool = candidate;
        }
      }
      if (tool == null) throw new IllegalArgumentException("tool_choice names a function that is not in tools");
    } else if ("required".equals(choice) || (!"none".equals(choice) && mentionsTool(lastUserText(request.messages())))) {
      for (Tool candidate : tools) {
        if (tool == null && candidate.function() != null) tool = candidate;
      }
    }
    if (tool == null) return null;
    String id = overrides.toolCallId() != null ? overrides.toolCallId()
        : "call_" + Long.toHexString(mix(identity ^ GOLDEN_GAMMA));
    String arguments = overrides.toolArguments() != null ? overrides.toolArguments() : DEFAULT_ARGUMENTS;
    return ToolCall.function(id, tool.function().name(), arguments);
  }

  /** True when the text has the word "tool" (or "tools"), in any case. */
  static boolean mentionsTool(String text) {
    for (int at = indexOfTool(text, 0); at >= 0; at = indexOfTool(text, at + 1)) {
      int end = at + 4;
      if (end < text.length() && (text.charAt(end) == 's' || text.charAt(end) == 'S')) end++;
      boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
      boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startsWord && endsWord) return true;
    }
    return false;
  }

  private static int indexOfTool(String text, int from) {
    for (int i = from, last = text.length() - 4; i <= last; i++) {
      if (text.regionMatches(true, i, "tool", 0, 4)) return i;
    }
    return -1;
  }

  private static String lastUserText(List<Message> messages) {
    if (messages == null) return "";
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) return messages.get(i).text();
    }
    return "";
  }

  /** A hash of what makes two requests the same: the model and every message's role and text. */
  private static long identity(ChatRequest request) {
    long hash = request.model() == null ? 0 : request.model().hashCode();
    if (request.messages() != null) {
      for (Message message : request.messages()) {
        hash = hash * 31 + (message.role() == null ? 0 : message.role().hashCode());
        hash = hash * 1_000_003 + message.text().hashCode();
      }
    }
    return hash;
  }

  /** SplitMix64's finaliser: spreads every input bit over the whole output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static double unit(long state) {
    return (mix(state) >>> 11) * 0x1.0p-53;
  }
}
