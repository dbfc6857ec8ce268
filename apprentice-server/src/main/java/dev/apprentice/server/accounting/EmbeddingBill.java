package dev.apprentice.server.accounting;

import dev.apprentice.api.TokenIds;
import dev.apprentice.api.trace.AttemptRecord;
import dev.apprentice.api.trace.Tokens;
import dev.apprentice.gateway.Attempt;
import dev.apprentice.gateway.cost.Pricing;
import dev.apprentice.gateway.cost.TokenEstimator;
import dev.apprentice.gateway.routing.ModelRoute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an embeddings call is booked at, as a chat call's accounting books it: the answer's tokens (as the provider
 * reported them) and cost on the attempt that answered, and, for every attempt given up after its request was sent
 * ({@link Attempt#givenUpAfterSending}: timed out, abandoned by a client that left, a 2xx answer that could not be
 * read), the inputs counted locally as the limits count them, at that attempt's own target's input price, marked
 * estimated. The call's tokens and cost are the sums.
 *
 * @param tokens    the call's tokens: the answer's input plus every given-up attempt's
 * @param costUsd   the call's cost
 * @param estimated true when some of the tokens were counted locally
 * @param attempts  the attempts as the trace records them, each with what it is booked at
 */
record EmbeddingBill(Tokens tokens, double costUsd, boolean estimated, List<AttemptRecord> attempts) {

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
   * @param route        the alias's route (null for a built-in model, which costs nothing)
   * @param answered     true when an upstream answered: the last attempt that succeeded carries the answer
   * @param promptTokens the tokens the answer reported
   * @param answerCost   what the answer costs
   */
  static EmbeddingBill of(Pricing pricing, TokenEstimator estimator, ModelRoute route, Inputs inputs,
      List<Attempt> attempts, boolean answered, int promptTokens, double answerCost) {
    List<Attempt.Booking> bookings = new ArrayList<>(Collections.nCopies(attempts.size(), Attempt.Booking.NOTHING));
    int answering = answered ? lastSucceeded(attempts) : -1;
    if (answering >= 0) bookings.set(answering, new Attempt.Booking(promptTokens, 0, answerCost, false));
    long input = answered ? promptTokens : 0;
    double cost = answered ? answerCost : 0;
    boolean estimated = false;
    for (int i = 0; i < attempts.size(); i++) {
      Attempt attempt = attempts.get(i);
      if (!attempt.givenUpAfterSending()) continue;
      String model = attempt.target().upstreamModel();
      int counted = inputs.count(estimator, model);
      double usd = route == null ? 0 : pricing.cost(route, model, new Tokens(counted, 0, 0, 0, 0));
      bookings.set(i, new Attempt.Booking(counted, 0, usd, true));
      input += counted;
      cost += usd;
      estimated = true;
    }
    Tokens tokens = input == 0 ? Tokens.NONE : new Tokens((int) Math.min(Integer.MAX_VALUE, input), 0, 0, 0, 0);
    return new EmbeddingBill(tokens, cost, estimated, Attempt.records(attempts, bookings));
  }

  private static int lastSucceeded(List<Attempt> attempts) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).succeeded()) return i;
    }
    return -1;
  }
}
