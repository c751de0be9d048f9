package org.laminar.cpsat;

/**
 * One improving solution during a solve.
 *
 * @param seconds wall time since the solve started (s)
 * @param incumbent objective of the new solution (the objective's unit)
 * @param bound best proven lower bound at that time (same unit)
 * @param gap {@code (incumbent - bound) / incumbent}, 0 when the incumbent is 0
 */
public record Progress(double seconds, double incumbent, double bound, double gap) {
  /** The relative gap between a value and a lower bound, 0 when the value is 0. */
  public static double gap(double value, double bound) {
    return value == 0 ? 0 : Math.max(0, (value - bound) / Math.abs(value));
  }

  /** One progress line: {@code time 1.23 s  incumbent 45  bound 40  gap 11.1%}. */
  public String line() {
    return String.format("time %.2f s  incumbent %s  bound %s  gap %.1f%%", seconds, number(incumbent),
        number(bound), 100 * gap);
  }

  /** A number without a fraction when it is whole. */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.valueOf(value);
  }
}
