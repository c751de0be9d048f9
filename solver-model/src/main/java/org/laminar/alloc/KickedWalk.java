package org.laminar.alloc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A seeded local search over the states of a {@link Space}, judged by a cost (the least best):
 * late acceptance hill climbing (a candidate is taken when it costs no more than the current state
 * or than the current state did {@code history} steps ago, so the walk crosses plateaus and shallow
 * ridges) with kicks: after {@code patience} evaluations without a new best, the walk restarts from
 * the best state changed by {@code k} random neighbour steps at once, {@code k} doubling after every
 * kick that found no new best (up to {@code maxKick}) and back to {@code minKick} after one that did.
 * Every evaluation counts, the kicked state's too; for a seed and an evaluation limit it is
 * deterministic.
 *
 * @param <S> the states (immutable)
 */
final class KickedWalk<S> {

  /** What the walk searches. */
  interface Space<S> {
    /** {@code state} changed at random (one step of the walk). */
    S neighbour(S state, Random random);

    /** The cost of {@code state}, {@link Long#MAX_VALUE} when it has none (never taken). */
    long cost(S state);
  }

  /**
   * The rule's parameters.
   *
   * @param history late acceptance's memory (evaluations), 1 for descent with plateaus
   * @param patience evaluations without a new best before a kick, 0 for no kicks
   * @param minKick neighbour steps of the first kick
   * @param maxKick neighbour steps of a kick at most
   */
  record Rule(int history, int patience, int minKick, int maxKick) {
    Rule {
      checkArgument(history >= 1, "late acceptance needs a history of at least 1, got %s", history);
      checkArgument(patience >= 0, "patience must be >= 0, got %s", patience);
      checkArgument(minKick >= 1 && maxKick >= minKick, "kicks of %s to %s steps", minKick, maxKick);
    }
  }

  /**
   * Where a walk ended.
   *
   * @param best the least costly state evaluated (the start when none was cheaper)
   * @param bestCost its cost
   * @param evaluations costs asked, the start's included
   * @param kicks kicks made
   */
  record Outcome<S>(S best, long bestCost, int evaluations, int kicks) {}

  private final Rule rule;

  KickedWalk(Rule rule) {
    this.rule = checkNotNull(rule, "the rule is missing");
  }

  /**
   * Walks from {@code start} while {@code goOn} says so (asked before every evaluation after the
   * start's) and at most {@code maxEvaluations} (0: no limit) costs are asked.
   */
  Outcome<S> walk(Space<S> space, S start, Random random, int maxEvaluations, BooleanSupplier goOn) {
    S current = start;
    long currentCost = space.cost(start);
    int evaluations = 1;
    S best = current;
    long bestCost = currentCost;
    long[] history = new long[rule.history()];
    Arrays.fill(history, currentCost);
    int idle = 0;
    int kick = rule.minKick();
    int kicks = 0;
    while ((maxEvaluations == 0 || evaluations < maxEvaluations) && goOn.getAsBoolean()) {
      S candidate;
      boolean kicked = rule.patience() > 0 && idle >= rule.patience();
      if (kicked) {
        candidate = best;
        for (int i = 0; i < kick; i++) {
          candidate = space.neighbour(candidate, random);
        }
        kick = Math.min(rule.maxKick(), 2 * kick);
        kicks++;
        idle = 0;
      } else {
        candidate = space.neighbour(current, random);
      }
      long cost = space.cost(candidate);
      int slot = evaluations % history.length;
      evaluations++;
      if (kicked) {
        // A restart: the walk goes on from the kicked state, however costly, with a history of it.
        current = candidate;
        currentCost = cost;
        Arrays.fill(history, cost);
      } else if (cost <= currentCost || cost <= history[slot]) {
        current = candidate;
        currentCost = cost;
      }
      if (currentCost < history[slot]) {
        history[slot] = currentCost;
      }
      if (cost < bestCost) {
        best = candidate;
        bestCost = cost;
        idle = 0;
        kick = rule.minKick();
      } else {
        idle++;
      }
    }
    return new Outcome<>(best, bestCost, evaluations, kicks);
  }
}
