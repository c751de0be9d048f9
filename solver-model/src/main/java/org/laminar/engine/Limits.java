package org.laminar.engine;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Limits of a search that every engine understands. Engine-specific settings (CP-SAT's
 * deterministic time, for instance) belong to the engine.
 *
 * @param timeLimitSeconds wall-clock limit (s) of the whole solve call, the engine's translation of
 *     the problem included, 0 for none
 * @param workers parallel search workers or threads, {@code >= 1}
 * @param seed random seed
 * @param relativeGap stop when {@code (incumbent - bound) / incumbent <= relativeGap}; 0 proves
 *     optimality
 */
public record Limits(double timeLimitSeconds, int workers, int seed, double relativeGap) {
  /** The least search time (s) {@link #remainingSince} leaves. */
  public static final double LEAST_SECONDS = 0.1;

  public Limits {
    checkArgument(timeLimitSeconds >= 0, "time limit must be >= 0 s, got %s", timeLimitSeconds);
    checkArgument(workers >= 1, "workers must be >= 1, got %s", workers);
    checkArgument(relativeGap >= 0 && relativeGap < 1, "relative gap must be in [0, 1), got %s", relativeGap);
  }

  /** 60 s, 2 workers, seed 0, proven optimality. */
  public static Limits defaults() {
    return new Limits(60, 2, 0, 0);
  }

  /**
   * These limits with what is left of the time limit {@code startNanos} ({@link System#nanoTime})
   * began: at least {@link #LEAST_SECONDS}, so that a search can still return its hint checked.
   * Without a time limit (deterministic runs) they are these limits.
   */
  public Limits remainingSince(long startNanos) {
    if (timeLimitSeconds <= 0) {
      return this;
    }
    return withTimeLimit(Math.max(LEAST_SECONDS, timeLimitSeconds - (System.nanoTime() - startNanos) / 1e9));
  }

  public Limits withTimeLimit(double seconds) {
    return new Limits(seconds, workers, seed, relativeGap);
  }

  public Limits withWorkers(int count) {
    return new Limits(timeLimitSeconds, count, seed, relativeGap);
  }

  public Limits withSeed(int value) {
    return new Limits(timeLimitSeconds, workers, value, relativeGap);
  }

  public Limits withRelativeGap(double gap) {
    return new Limits(timeLimitSeconds, workers, seed, gap);
  }
}
