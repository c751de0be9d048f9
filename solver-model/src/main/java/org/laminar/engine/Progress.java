package org.laminar.engine;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * One step of a solve: an improving solution, or a better proven bound.
 *
 * @param event what improved
 * @param seconds wall time since the solve started (s)
 * @param incumbent objective of the best solution so far (the objective's unit)
 * @param bound best proven lower bound at that time (same unit)
 * @param gap {@code (incumbent - bound) / incumbent}, 0 when the incumbent is 0
 */
public record Progress(Event event, double seconds, double incumbent, double bound, double gap) {

  /** What a progress step reports. */
  public enum Event {
    /** A solution better than every earlier one. */
    SOLUTION,
    /** A higher proven lower bound, with the incumbent unchanged. */
    BOUND
  }

  /** The relative gap between a value and a lower bound, 0 when the value is 0. */
  public static double gap(double value, double bound) {
    return value == 0 ? 0 : Math.max(0, (value - bound) / Math.abs(value));
  }

  /**
   * A consumer that passes every solution on to {@code sink}, but a bound only when no step was
   * passed on for {@code boundSeconds}: proofs raise the bound one unit at a time, hundreds of
   * times, and a line per step would bury the solutions. Not for concurrent calls (an
   * {@link Engine} makes one at a time per solve).
   */
  public static Consumer<Progress> throttled(Consumer<Progress> sink, double boundSeconds) {
    double[] last = {Double.NEGATIVE_INFINITY};
    return p -> {
      if (p.event() == Event.SOLUTION || p.seconds() - last[0] >= boundSeconds) {
        last[0] = p.seconds();
        sink.accept(p);
      }
    };
  }

  /**
   * A consumer that passes {@code sink} each step timed from {@code startNanos} ({@link
   * System#nanoTime}) instead of from its engine's own start, with its bound raised to at least
   * {@code floor} (a lower bound proven beside the engine's, such as an analytical one) and its gap
   * recomputed; a bound step that no longer raises the bound passed on is dropped. Not for
   * concurrent calls.
   */
  public static Consumer<Progress> raised(Consumer<Progress> sink, double floor, long startNanos) {
    double[] shown = {Double.NEGATIVE_INFINITY};
    return p -> {
      double bound = Math.max(p.bound(), floor);
      if (p.event() == Event.BOUND && bound <= shown[0]) {
        return;
      }
      shown[0] = Math.max(shown[0], bound);
      sink.accept(new Progress(p.event(), (System.nanoTime() - startNanos) / 1e9, p.incumbent(), bound,
          gap(p.incumbent(), bound)));
    };
  }

  /** One progress line: {@code time 1.23 s  incumbent 45  bound 40  gap 11.1%}. */
  public String line() {
    return String.format(Locale.ROOT, "time %.2f s  incumbent %s  bound %s  gap %.1f%%", seconds, number(incumbent),
        number(bound), 100 * gap);
  }

  /** A number without a fraction when it is whole. */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.valueOf(value);
  }
}
