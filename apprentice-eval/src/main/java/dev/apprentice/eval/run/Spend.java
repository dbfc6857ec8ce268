package dev.apprentice.eval.run;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

/**
 * The run's spend against its cap. Before an item starts it reserves the most it may cost ({@link ItemCosts}); when
 * it ends the reservation is replaced by what it cost. An item whose reservation does not fit under the cap beside
 * the spend and the reservations in flight waits for items in flight to end; when nothing is in flight and it still
 * does not fit, the run stops starting items. The first item of a variant whose cost is unknown waits until nothing
 * is in flight and reserves all that is left of the cap, so it runs alone; with nothing left (a cap of 0, or one
 * spent), no item starts. The spend can therefore pass the cap only by what items cost beyond their reservation.
 * Thread-safe.
 */
final class Spend {

  /** What an item in flight holds against the cap. */
  record Hold(Task task, ItemShape shape, double usd) {}

  private final Double budgetUsd;
  private final Map<String, ItemCosts> costs = new HashMap<>();
  private double spent;
  private double reserved;
  private int inFlight;

  Spend(Double budgetUsd) {
    this.budgetUsd = budgetUsd;
  }

  /** A stored result of the run (a resume): its cost counts, and its shape and cost tell what its variant costs. */
  synchronized void counted(ItemResult result, ItemShape shape) {
    spent += result.totalCostUsd();
    if (result.succeeded() && shape != null) learn(result.variant(), shape, result);
  }

  /**
   * Reserves what the task may cost, waiting while it does not fit and items are in flight. Returns null when the
   * run should start no more items: the cap does not allow this one with nothing in flight, or {@code stopped} said
   * so while it waited.
   */
  synchronized Hold reserve(Task task, BooleanSupplier stopped) throws InterruptedException {
    if (budgetUsd == null) {
      inFlight++;
      return new Hold(task, null, 0);
    }
    ItemShape shape = ItemShape.of(task.variant(), task.item());
    while (!stopped.getAsBoolean()) {
      if (spent >= budgetUsd) return null; // nothing left (a budget of 0 included): no call, not even a first one
      OptionalDouble bound = variant(task).bound(shape);
      double left = budgetUsd - spent - reserved;
      double usd = -1;
      if (bound.isPresent() && bound.getAsDouble() <= left) usd = bound.getAsDouble();
      else if (bound.isEmpty() && inFlight == 0) usd = Math.max(0, left);
      if (usd >= 0) {
        reserved += usd;
        inFlight++;
        return new Hold(task, shape, usd);
      }
      if (inFlight == 0) return null;
      wait();
    }
    return null;
  }

  /** The held item ended; {@code result} is what it did, null when nothing is known of it (it cost nothing known). */
  synchronized void settle(Hold hold, ItemResult result) {
    inFlight--;
    reserved -= hold.usd();
    if (inFlight == 0) reserved = 0;
    if (result != null) {
      spent += result.totalCostUsd();
      if (result.succeeded() && hold.shape() != null) learn(result.variant(), hold.shape(), result);
    }
    notifyAll();
  }

  synchronized double spent() {
    return spent;
  }

  private ItemCosts variant(Task task) {
    return costs.computeIfAbsent(task.variant().name(), k -> new ItemCosts());
  }

  private void learn(String variant, ItemShape shape, ItemResult result) {
    costs.computeIfAbsent(variant, k -> new ItemCosts()).add(shape, result);
  }
}
