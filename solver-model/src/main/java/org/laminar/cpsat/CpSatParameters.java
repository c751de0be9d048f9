package org.laminar.cpsat;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Search parameters. A run with one worker is deterministic for a seed as long as it ends by
 * optimality or by {@code maxDeterministicTime} rather than by the wall-clock limit.
 *
 * @param timeLimitSeconds wall-clock limit (s), 0 for none
 * @param workers parallel search workers, {@code >= 1}
 * @param seed random seed
 * @param relativeGap stop when {@code (incumbent - bound) / incumbent <= relativeGap}; 0 proves
 *     optimality
 * @param maxDeterministicTime limit in CP-SAT's deterministic time units (independent of machine
 *     load), 0 for none
 */
public record CpSatParameters(double timeLimitSeconds, int workers, int seed, double relativeGap,
    double maxDeterministicTime) {
  public CpSatParameters {
    checkArgument(timeLimitSeconds >= 0, "time limit must be >= 0 s, got %s", timeLimitSeconds);
    checkArgument(workers >= 1, "workers must be >= 1, got %s", workers);
    checkArgument(relativeGap >= 0 && relativeGap < 1, "relative gap must be in [0, 1), got %s", relativeGap);
    checkArgument(maxDeterministicTime >= 0, "deterministic time limit must be >= 0, got %s",
        maxDeterministicTime);
  }

  /** 60 s, 2 workers, seed 0, proven optimality. */
  public static CpSatParameters defaults() {
    return new CpSatParameters(60, 2, 0, 0, 0);
  }

  /** Reproducible runs for tests: one worker, seed 0, a deterministic limit of {@code limit} units. */
  public static CpSatParameters deterministic(double limit) {
    return new CpSatParameters(0, 1, 0, 0, limit);
  }

  public CpSatParameters withTimeLimit(double seconds) {
    return new CpSatParameters(seconds, workers, seed, relativeGap, maxDeterministicTime);
  }

  public CpSatParameters withWorkers(int count) {
    return new CpSatParameters(timeLimitSeconds, count, seed, relativeGap, maxDeterministicTime);
  }

  public CpSatParameters withSeed(int value) {
    return new CpSatParameters(timeLimitSeconds, workers, value, relativeGap, maxDeterministicTime);
  }

  public CpSatParameters withRelativeGap(double gap) {
    return new CpSatParameters(timeLimitSeconds, workers, seed, gap, maxDeterministicTime);
  }
}
