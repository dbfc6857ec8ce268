package dev.apprentice.server.accounting;

import dev.apprentice.api.TokenIds;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What an embeddings call is booked at, as a chat call's accounting books it: the answer's tokens and cost on the
 * attempt that answered (the tokens the provider reported or, when it reported no usage, the inputs counted locally as
 * the limits count them, for the answering target's upstream model, marked estimated), and, for every attempt given
 * up after its request was sent ({@link Attempt#givenUpAfterSending}: timed out, abandoned by a client that left, a
 * 2xx answer that could not be read), the inputs counted the same way, at that attempt's own target's input price,
 * marked estimated. The call's tokens and cost are the sums.
 *
 * @param tokens       the call's tokens: the answer's input plus every given-up attempt's
 * @param costUsd      the call's cost
 * @param estimated    true when some of the tokens were counted locally
 * @param answerTokens what the answer is booked at: the tokens its provider reported, else those counted (0 when
 *                     nothing answered)
 * @param attempts     the attempts as the trace records them, each with what it is booked at
 */
record EmbeddingBill(Tokens tokens, double costUsd, boolean estimated, int answerTokens, List<AttemptRecord> attempts) {

  /** A call no model answered or was asked: nothing. */
  static final EmbeddingBill NOTHING = new EmbeddingBill(Tokens.NONE, 0, false, 0, List.of());

  /** What the call's inputs were: texts, or token ids (then counted as they are). */
  record Inputs(List<String> texts, TokenIds tokenIds) {

    /** The inputs' tokens as {@code upstreamModel} counts them; the limits count them the same way. */
    int count(TokenEstimator estimator, String upstreamModel) {
      if (tokenIds != null) return (int) Math.min(Integer.MAX_VALUE, tokenIds.count());
      long total = 0;
      for (String text : texts) {
        total += upstreamModel == null ? estimator.countText(text) : estimator.countText(text, upstreamModel);
      }
      return (int) Math.min(Integer.MAX_VALUE, total);
    }
  }

  /**
   * @param route          the alias's route (null for a built-in model, which costs nothing)
   * @param answeredBy     the upstream model of the target that answered (the last attempt that succeeded carries the
   *                       answer), or null when none did
   * @param reportedTokens the tokens the answer reported, or null when it reported no usage (then counted here)
   * @param callStartNanos when the call began ({@link System#nanoTime()}), which its attempts' starts are after
   */
  static EmbeddingBill of(Pricing pricing, TokenEstimator estimator, ModelRoute route, Inputs inputs,
      List<Attempt> attempts, String answeredBy, Integer reportedTokens, long callStartNanos) {
    // the inputs are counted once per upstream model, however many attempts sent them to it
    Map<String, Integer> counts = new HashMap<>();
    ToIntFunction<String> count = model -> counts.computeIfAbsent(model, m -> inputs.count(estimator, m));
    Attempt.Booking answer = null;
    if (answeredBy != null) {
      boolean counted = reportedTokens == null;
      answer = booking(pricing, route, answeredBy, counted ? count.applyAsInt(answeredBy) : reportedTokens, counted);
    }
    List<Attempt.Booking> bookings = Attempt.bookings(attempts, answer, i -> {
      String model = attempts.get(i).target().upstreamModel();
      return booking(pricing, route, model, count.applyAsInt(model), true);
    });
    Attempt.Booking givenUp = Attempt.givenUpTotal(attempts, bookings);
    int answerTokens = answer == null ? 0 : answer.inputTokens();
    long input = answerTokens + (long) givenUp.inputTokens();
    double cost = (answer == null ? 0 : answer.costUsd()) + givenUp.costUsd();
    boolean estimated = answer != null && answer.estimated() || givenUp.estimated();
    Tokens tokens = input == 0 ? Tokens.NONE : new Tokens((int) Math.min(Integer.MAX_VALUE, input), 0, 0, 0, 0);
    return new EmbeddingBill(tokens, cost, estimated, answerTokens, Attempt.records(attempts, bookings, callStartNanos));
  }

  /** {@code tokens} of input on {@code upstreamModel}, at its input price (nothing for a built-in model). */
  private static Attempt.Booking booking(Pricing pricing, ModelRoute route, String upstreamModel, int tokens,
      boolean estimated) {
    double usd = route == null ? 0 : pricing.cost(route, upstreamModel, new Tokens(tokens, 0, 0, 0, 0));
    return new Attempt.Booking(tokens, 0, usd, estimated);
  }
}
