package org.laminar.cpsat;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.laminar.engine.Limits;

/**
 * CP-SAT's search parameters: the engine-neutral limits plus CP-SAT's deterministic time. A run
 * with one worker is deterministic for a seed as long as it ends by optimality or by
 * {@code maxDeterministicTime} rather than by the wall-clock limit.
 *
 * @param limits time limit, workers, seed, relative gap
 * @param maxDeterministicTime limit in CP-SAT's deterministic time units (independent of machine
 *     load), 0 for none
 */
public record CpSatParameters(Limits limits, double maxDeterministicTime) {
  public CpSatParameters {
    checkNotNull(limits, "limits are missing");
    checkArgument(maxDeterministicTime >= 0, "deterministic time limit must be >= 0, got %s",
        maxDeterministicTime);
  }

  /** 60 s, 2 workers, seed 0, proven optimality. */
  public static CpSatParameters defaults() {
    return new CpSatParameters(Limits.defaults(), 0);
  }

  /** Reproducible runs for tests: one worker, seed 0, a deterministic limit of {@code limit} units. */
  public static CpSatParameters deterministic(double limit) {
    return new CpSatParameters(new Limits(0, 1, 0, 0), limit);
  }

  /** Wall-clock limit (s), 0 for none. */
  public double timeLimitSeconds() {
    return limits.timeLimitSeconds();
  }

  /** Parallel search workers. */
  public int workers() {
    return limits.workers();
  }

  /** Random seed. */
  public int seed() {
    return limits.seed();
  }

  /** Relative gap at which the search stops (0: prove optimality). */
  public double relativeGap() {
    return limits.relativeGap();
  }

  public CpSatParameters withLimits(Limits l) {
    return new CpSatParameters(l, maxDeterministicTime);
  }

  public CpSatParameters withTimeLimit(double seconds) {
    return withLimits(limits.withTimeLimit(seconds));
  }

  public CpSatParameters withWorkers(int count) {
    return withLimits(limits.withWorkers(count));
  }

  public CpSatParameters withSeed(int value) {
    return withLimits(limits.withSeed(value));
  }

  public CpSatParameters withRelativeGap(double gap) {
    return withLimits(limits.withRelativeGap(gap));
  }
}
